import { Controller, Get, Param, Res } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response } from 'express';
import { ApiDoc, ApiError } from '@watchfire/common';

/** The subscriber pages' files: beside src/ from source, found from dist/ after a build. */
const DIR =
  [
    path.join(__dirname, '..', 'public'),
    path.join(__dirname, '..', '..', '..', '..', 'apps', 'notifier', 'public'),
  ].find((d) => existsSync(path.join(d, 'subscribe.html'))) ?? path.join(__dirname, '..', 'public');

const FILES: Record<string, string> = {
  'subscribe.html': 'text/html; charset=utf-8',
  'manage.html': 'text/html; charset=utf-8',
  'subscriber.js': 'text/javascript; charset=utf-8',
  'subscriber.css': 'text/css; charset=utf-8',
};

/** Script and style from this origin only, nothing inline; the page talks only to this service. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Public pages on the notifier's public URL (PUBLIC_BASE_URL), no account needed: the sign-up
 * form (double opt-in through POST /subscribe) and the "manage my subscription" page that every
 * e-mail links to. Plain files: the data comes from the JSON endpoints.
 */
@Controller()
export class SubscriberPagesController {
  private readonly cache = new Map<string, Buffer>();

  private send(res: Response, file: string): void {
    let body = this.cache.get(file);
    if (!body) this.cache.set(file, (body = readFileSync(path.join(DIR, file))));
    res
      .status(200)
      .set({
        'Content-Type': FILES[file],
        'Content-Security-Policy': CSP,
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      })
      .send(body);
  }

  @Get('subscribe')
  @ApiDoc({ summary: 'Public: the sign-up page (double opt-in)', responseType: 'text/html' })
  subscribePage(@Res() res: Response): void {
    this.send(res, 'subscribe.html');
  }

  @Get('manage')
  @ApiDoc({
    summary: "Public: the subscriber's manage page (/manage#token=… from every e-mail)",
    responseType: 'text/html',
  })
  managePage(@Res() res: Response): void {
    this.send(res, 'manage.html');
  }

  @Get('pages/:file')
  @ApiDoc({ summary: "The sign-up and manage pages' script and style", responseType: 'text/plain' })
  asset(@Param('file') file: string, @Res() res: Response): void {
    if (!FILES[file] || file.endsWith('.html')) throw ApiError.notFound(`page asset ${file.slice(0, 100)}`);
    this.send(res, file);
  }
}
