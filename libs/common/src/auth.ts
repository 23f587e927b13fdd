import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { WatchfireConfig } from './config';
import { WATCHFIRE_CONFIG } from './config.module';
import { ApiError } from './errors';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Finds which named operator token a bearer value is, comparing in constant time. */
export function operatorForToken(tokens: Map<string, string>, presented: string): string | null {
  const d = digest(presented);
  let found: string | null = null;
  for (const [name, token] of tokens) if (timingSafeEqual(d, digest(token))) found = name;
  return found;
}

/** Operator APIs: `Authorization: Bearer <OPERATOR_TOKEN>`; the token's name is the operator. */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(@Inject(WATCHFIRE_CONFIG) private readonly config: WatchfireConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request & { operator?: string }>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m)
      throw new ApiError(
        HttpStatus.UNAUTHORIZED,
        'unauthorized',
        'Send the operator token: Authorization: Bearer <OPERATOR_TOKEN> (npm start prints it)',
      );
    const name = operatorForToken(this.config.operatorTokens, m[1]);
    if (!name) throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'Unknown operator token');
    req.operator = name;
    return true;
  }
}

/** The name of the operator whose token authorised this request. */
export const OperatorName = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<{ operator?: string }>().operator ?? 'unknown';
});
