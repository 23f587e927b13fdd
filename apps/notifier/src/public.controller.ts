import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Logger,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { SubscriptionSpecSchema, type SubscriptionSpec } from '@watchfire/contracts';
import { AcceptsBody, ApiDoc, ApiError, QuerySchema, TokenBucketLimiter, ZodPipe } from '@watchfire/common';
import { confirmUrl, html, manageUrl, renderConfirmationEmail, TOKEN_MAX_CHARS } from '@watchfire/notify';
import { LinksService } from './links.service';
import { MailerService } from './mailer.service';
import { NOTIFIER_OPTIONS, type NotifierOptions } from './notifier-options';
import { page } from './pages';
import { SubscriptionsService } from './subscriptions.service';

/**
 * The signed links' parameter. Not strict: mail clients and link trackers append their own
 * parameters (utm_*), and an unsubscribe link must keep working with them.
 */
const TokenQuery = z.object({ token: z.string().optional() });

const wantsJson = (req: Request) =>
  /application\/json/.test(req.headers.accept ?? '') && !/text\/html/.test(req.headers.accept ?? '');

function summary(spec: SubscriptionSpec): string {
  const f = spec.filter ?? {};
  const parts = [
    f.eventTypes && `types: ${f.eventTypes.join(', ')}`,
    f.countries && `countries: ${f.countries.join(', ')}`,
    f.provinces && `provinces: ${f.provinces.join(', ')}`,
    f.neighbors && `borders with: ${f.neighbors.join(', ')}`,
    f.locationIds && `places: ${f.locationIds.join(', ')}`,
    f.ruleIds && `rules: ${f.ruleIds.join(', ')}`,
    f.minSeverity && `severity ${f.minSeverity} or higher`,
  ].filter(Boolean);
  return `${parts.length ? parts.join('; ') : 'all alerts'} — ${spec.delivery === 'immediate' ? 'each alert as it happens' : `${spec.delivery} digest`}`;
}

/**
 * The public endpoints: self-service subscription with double opt-in, confirmation, and
 * unsubscribe with a signed token (no login). GET /unsubscribe only shows a button: mail
 * scanners fetch links, and RFC 8058 one-click is a POST.
 */
@Controller()
export class PublicController {
  private readonly logger = new Logger('public');
  private readonly perClient: TokenBucketLimiter;
  private readonly perEmail: TokenBucketLimiter;

  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly links: LinksService,
    private readonly mailer: MailerService,
    @Inject(NOTIFIER_OPTIONS) private readonly opts: NotifierOptions,
  ) {
    this.perClient = new TokenBucketLimiter({
      capacity: opts.subscribePerHourPerClient,
      refillPerSecond: opts.subscribePerHourPerClient / 3600,
      maxKeys: 50_000,
    });
    this.perEmail = new TokenBucketLimiter({
      capacity: opts.subscribePerDayPerEmail,
      refillPerSecond: opts.subscribePerDayPerEmail / 86_400,
      maxKeys: 50_000,
    });
  }

  @Post('subscribe')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiDoc({
    summary:
      'Public: ask for a subscription; a confirmation link is mailed, nothing is sent before it is opened',
    response: z.object({ status: z.literal('pending'), message: z.string() }),
    errors: { 429: 'Too many requests from this client or for this address', 503: 'Mail unavailable' },
  })
  @AcceptsBody('application/json', 'application/*+json', 'application/x-www-form-urlencoded')
  async subscribe(
    @Body(new ZodPipe(SubscriptionSpecSchema, 'subscription')) spec: SubscriptionSpec,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const t = Date.now();
    const client = req.socket.remoteAddress ?? 'unknown';
    for (const [limiter, key] of [
      [this.perClient, `ip:${client}`],
      [this.perEmail, `email:${spec.email.toLowerCase()}`],
    ] as const) {
      const r = limiter.take(key, t);
      if (!r.allowed) {
        const seconds = Math.ceil(r.retryAfterMs / 1000);
        res.setHeader('Retry-After', String(seconds));
        throw new ApiError(
          HttpStatus.TOO_MANY_REQUESTS,
          'rate_limited',
          `Too many subscription requests; try again in ${seconds} s`,
          { retryAfterSeconds: seconds },
        );
      }
    }
    const sub = await this.subscriptions.create(spec, 'pending');
    const mail = renderConfirmationEmail(sub, confirmUrl(this.links.baseUrl, this.links.confirmToken(sub)), {
      publicBaseUrl: this.links.baseUrl,
      messageIdDomain: this.mailer.messageIdDomain,
      summary: summary(spec),
    });
    try {
      await this.mailer.send(mail);
    } catch (e) {
      this.logger.warn(`confirmation mail for ${sub.id} failed: ${(e as Error).message}`);
      throw new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'mail_unavailable',
        'Could not send the confirmation mail right now; try again later',
      );
    }
    // The same answer whether or not the address was known: nothing to learn about others here.
    return {
      status: 'pending',
      message: `A confirmation link was sent to ${sub.email}. Nothing is sent before it is opened.`,
    };
  }

  @Get('confirm')
  @ApiDoc({
    summary: 'Public: confirm a subscription (link from the confirmation mail)',
    responseType: 'text/html',
  })
  @QuerySchema(TokenQuery)
  async confirm(@Query('token') token: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const v = this.links.signer.verify(token, 'confirm', { maxAgeMs: this.opts.confirmMaxAgeMs });
    const sub = v.ok ? this.subscriptions.find(v.subscriptionId) : undefined;
    if (
      !v.ok ||
      !sub ||
      this.links.signer.verify(token, 'confirm', { maxAgeMs: this.opts.confirmMaxAgeMs, binding: sub.email })
        .ok === false
    ) {
      const reason = v.ok ? (sub ? 'binding_mismatch' : 'unknown_subscription') : v.reason;
      return this.reply(
        req,
        res,
        400,
        { status: 'invalid', reason },
        'Link not valid',
        html`<p>This confirmation link is not valid${reason === 'expired' ? ' any more; subscribe again to get a new one' : ''}.</p>`,
      );
    }
    if (sub.status === 'unsubscribed') {
      return this.reply(
        req,
        res,
        410,
        { status: 'unsubscribed' },
        'Subscription cancelled',
        html`<p>This subscription was cancelled; subscribe again if you want alerts.</p>`,
      );
    }
    const updated = sub.status === 'active' ? sub : await this.subscriptions.setStatus(sub.id, 'active');
    return this.reply(
      req,
      res,
      200,
      { status: updated.status, id: updated.id },
      'Subscription confirmed',
      html`<p>Alerts will now be sent to <strong>${updated.email}</strong>.</p><p><a href="${manageUrl(this.links.baseUrl, this.links.manageToken(updated))}">Manage your subscription</a>: change what you receive, pause, or unsubscribe (every alert e-mail has this link too).</p>`,
    );
  }

  @Get('unsubscribe')
  @ApiDoc({
    summary: 'Public: the unsubscribe page (a button; mail scanners follow GET links)',
    responseType: 'text/html',
  })
  @QuerySchema(TokenQuery)
  unsubscribePage(@Query('token') token: unknown, @Req() req: Request, @Res() res: Response): void {
    const v = this.links.signer.verify(token, 'unsubscribe');
    const sub = v.ok ? this.subscriptions.find(v.subscriptionId) : undefined;
    if (!v.ok || !sub)
      return this.reply(
        req,
        res,
        400,
        { status: 'invalid', reason: v.ok ? 'unknown_subscription' : v.reason },
        'Link not valid',
        html`<p>This unsubscribe link is not valid.</p>`,
      );
    if (sub.status === 'unsubscribed')
      return this.reply(
        req,
        res,
        200,
        { status: 'unsubscribed' },
        'Unsubscribed',
        html`<p><strong>${sub.email}</strong> receives no more alerts from this subscription.</p>`,
      );
    const action = `${this.links.baseUrl}/unsubscribe?token=${encodeURIComponent(String(token))}`;
    return this.reply(
      req,
      res,
      200,
      { status: sub.status, unsubscribe: 'POST this URL' },
      'Unsubscribe',
      html`<p>Stop alerts to <strong>${sub.email}</strong>?</p><form method="post" action="${action}"><button type="submit" style="padding:8px 16px">Unsubscribe</button></form>`,
    );
  }

  /** RFC 8058 one-click (body `List-Unsubscribe=One-Click`) and the button of the page above. */
  @Post('unsubscribe')
  @ApiDoc({
    status: 200,
    summary: 'Public: unsubscribe (form post from the page, or RFC 8058 one-click)',
    responseType: 'text/html',
  })
  @QuerySchema(TokenQuery)
  @AcceptsBody('*/*') // RFC 8058 allows form-urlencoded and multipart bodies; the token may be in the URL
  async unsubscribe(
    @Query('token') queryToken: unknown,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const bodyToken =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>).token : undefined;
    const token =
      typeof queryToken === 'string'
        ? queryToken
        : typeof bodyToken === 'string' && bodyToken.length <= TOKEN_MAX_CHARS
          ? bodyToken
          : undefined;
    const v = this.links.signer.verify(token, 'unsubscribe');
    const sub = v.ok ? this.subscriptions.find(v.subscriptionId) : undefined;
    if (!v.ok || !sub)
      return this.reply(
        req,
        res,
        400,
        { status: 'invalid', reason: v.ok ? 'unknown_subscription' : v.reason },
        'Link not valid',
        html`<p>This unsubscribe link is not valid.</p>`,
      );
    await this.subscriptions.setStatus(sub.id, 'unsubscribed');
    return this.reply(
      req,
      res,
      200,
      { status: 'unsubscribed' },
      'Unsubscribed',
      html`<p><strong>${sub.email}</strong> receives no more alerts from this subscription.</p>`,
    );
  }

  private reply(
    req: Request,
    res: Response,
    status: number,
    json: Record<string, unknown>,
    title: string,
    body: ReturnType<typeof html>,
  ): void {
    res.status(status).setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (wantsJson(req)) {
      res.json(
        status >= 400 ? { error: { code: String(json.reason ?? json.status), message: title } } : json,
      );
      return;
    }
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${new URL(this.links.baseUrl).origin}`,
    );
    res.type('html').send(page(title, body));
  }
}
