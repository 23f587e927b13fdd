import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import {
  SubscriptionRecordSchema,
  SubscriptionSpecSchema,
  type SubscriptionRecord,
} from '@watchfire/contracts';
import { ApiDoc, ApiError, ZodPipe } from '@watchfire/common';
import { LinksService } from './links.service';
import { SubscriptionsService } from './subscriptions.service';

/** What a subscriber may change themselves: everything but the address (that is a new sign-up). */
export const ManageSpecSchema = SubscriptionSpecSchema.omit({ email: true }).strict();
export type ManageSpec = z.infer<typeof ManageSpecSchema>;

const ManageViewSchema = SubscriptionRecordSchema.pick({
  email: true,
  name: true,
  status: true,
  filter: true,
  delivery: true,
  timezone: true,
});
const LINK_ERRORS = { 401: 'Not a valid manage link' };

const view = (s: SubscriptionRecord) => ({
  email: s.email,
  ...(s.name ? { name: s.name } : {}),
  status: s.status,
  filter: s.filter ?? {},
  delivery: s.delivery,
  ...(s.timezone ? { timezone: s.timezone } : {}),
});

/**
 * The subscriber's own API behind the "manage my subscription" page (no account): the signed
 * manage token from their e-mails, sent as `Authorization: Bearer <token>` by the page, which
 * reads it from the link's fragment — so it never appears in a URL a server sees.
 */
@Controller('manage')
export class ManageController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly links: LinksService,
  ) {}

  private subscriptionOf(authorization: string | undefined): SubscriptionRecord {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const v = this.links.signer.verify(token, 'manage');
    const sub = v.ok ? this.subscriptions.find(v.subscriptionId) : undefined;
    if (!sub)
      throw new ApiError(
        HttpStatus.UNAUTHORIZED,
        'invalid_link',
        'This manage link is not valid; use the link in your latest Watchfire e-mail',
      );
    return sub;
  }

  @Get('subscription')
  @ApiDoc({
    summary: 'Subscriber: their subscription (manage token from the e-mail link, as a bearer token)',
    response: ManageViewSchema,
    errors: { ...LINK_ERRORS },
  })
  get(@Headers('authorization') authorization?: string) {
    return view(this.subscriptionOf(authorization));
  }

  @Put('subscription')
  @ApiDoc({
    summary: 'Subscriber: change filters, delivery and time zone (not the address)',
    response: ManageViewSchema,
    errors: { ...LINK_ERRORS, 410: 'Unsubscribed' },
  })
  async update(
    @Headers('authorization') authorization: string | undefined,
    @Body(new ZodPipe(ManageSpecSchema, 'subscription')) spec: ManageSpec,
  ) {
    const sub = this.subscriptionOf(authorization);
    if (sub.status === 'unsubscribed')
      throw new ApiError(HttpStatus.GONE, 'unsubscribed', 'This subscription was cancelled; sign up again');
    return view(await this.subscriptions.replace(sub.id, { ...spec, email: sub.email }));
  }

  @Post('pause')
  @ApiDoc({
    summary: 'Subscriber: pause (nothing is sent until resumed)',
    response: ManageViewSchema,
    errors: { ...LINK_ERRORS, 409: 'Not active' },
  })
  @HttpCode(200)
  async pause(@Headers('authorization') authorization?: string) {
    return view(await this.setStatus(authorization, 'paused', ['active']));
  }

  @Post('resume')
  @ApiDoc({
    summary: 'Subscriber: resume a paused subscription',
    response: ManageViewSchema,
    errors: { ...LINK_ERRORS, 409: 'Not paused' },
  })
  @HttpCode(200)
  async resume(@Headers('authorization') authorization?: string) {
    return view(await this.setStatus(authorization, 'active', ['paused']));
  }

  @Post('unsubscribe')
  @ApiDoc({
    summary: 'Subscriber: unsubscribe',
    response: ManageViewSchema,
    errors: { ...LINK_ERRORS },
  })
  @HttpCode(200)
  async unsubscribe(@Headers('authorization') authorization?: string) {
    return view(await this.setStatus(authorization, 'unsubscribed', ['active', 'paused', 'pending']));
  }

  private async setStatus(
    authorization: string | undefined,
    to: 'active' | 'paused' | 'unsubscribed',
    from: SubscriptionRecord['status'][],
  ): Promise<SubscriptionRecord> {
    const sub = this.subscriptionOf(authorization);
    if (sub.status === to) return sub;
    if (!from.includes(sub.status))
      throw ApiError.conflict(`The subscription is ${sub.status}; it cannot become ${to} from here`);
    return this.subscriptions.setStatus(sub.id, to);
  }
}
