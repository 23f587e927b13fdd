import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { SubscriptionSpecSchema, type SubscriptionRecord } from '@watchfire/contracts';
import { ApiError, ZodPipe } from '@watchfire/common';
import { LinksService } from './links.service';
import { SubscriptionsService } from './subscriptions.service';

/** What a subscriber may change themselves: everything but the address (that is a new sign-up). */
export const ManageSpecSchema = SubscriptionSpecSchema.omit({ email: true }).strict();
export type ManageSpec = z.infer<typeof ManageSpecSchema>;

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
  get(@Headers('authorization') authorization?: string) {
    return view(this.subscriptionOf(authorization));
  }

  @Put('subscription')
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
  @HttpCode(200)
  async pause(@Headers('authorization') authorization?: string) {
    return view(await this.setStatus(authorization, 'paused', ['active']));
  }

  @Post('resume')
  @HttpCode(200)
  async resume(@Headers('authorization') authorization?: string) {
    return view(await this.setStatus(authorization, 'active', ['paused']));
  }

  @Post('unsubscribe')
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
