import { Inject, Injectable } from '@nestjs/common';
import { WATCHFIRE_CONFIG, type WatchfireConfig } from '@watchfire/common';
import type { SubscriptionRecord } from '@watchfire/contracts';
import { normalizeBaseUrl, TokenSigner, type RenderContext } from '@watchfire/notify';
import { MailTransport } from './ports';

/** Signed links (unsubscribe, confirm) and the render context every mail shares. */
@Injectable()
export class LinksService {
  readonly signer: TokenSigner;
  readonly baseUrl: string;
  private readonly unsubscribeTokens = new Map<string, string>();
  private readonly manageTokens = new Map<string, string>();

  constructor(
    @Inject(WATCHFIRE_CONFIG) config: WatchfireConfig,
    private readonly mailer: MailTransport,
  ) {
    this.signer = new TokenSigner(config.signingSecret);
    this.baseUrl = normalizeBaseUrl(config.publicBaseUrl);
  }

  /** One unsubscribe token per subscription (issued at its creation): the same mail renders the same. */
  unsubscribeToken(sub: SubscriptionRecord): string {
    let t = this.unsubscribeTokens.get(sub.id);
    if (!t) {
      t = this.signer.sign('unsubscribe', sub.id, { now: Date.parse(sub.createdAt) });
      if (this.unsubscribeTokens.size > 200_000) this.unsubscribeTokens.clear();
      this.unsubscribeTokens.set(sub.id, t);
    }
    return t;
  }

  /** The manage page's token: like the unsubscribe one, per subscription, without expiry. */
  manageToken(sub: SubscriptionRecord): string {
    let t = this.manageTokens.get(sub.id);
    if (!t) {
      t = this.signer.sign('manage', sub.id, { now: Date.parse(sub.createdAt) });
      if (this.manageTokens.size > 200_000) this.manageTokens.clear();
      this.manageTokens.set(sub.id, t);
    }
    return t;
  }

  confirmToken(sub: SubscriptionRecord): string {
    return this.signer.sign('confirm', sub.id, { bind: sub.email });
  }

  context(sub: SubscriptionRecord): RenderContext {
    return {
      publicBaseUrl: this.baseUrl,
      messageIdDomain: this.mailer.messageIdDomain,
      unsubscribeToken: this.unsubscribeToken(sub),
      manageToken: this.manageToken(sub),
    };
  }
}
