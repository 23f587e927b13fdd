import { Controller, Get, Inject } from '@nestjs/common';
import { ApiError, WATCHFIRE_CONFIG, type WatchfireConfig, ApiDoc } from '@watchfire/common';
import { listOutbox } from '@watchfire/mail-capture';

/** The local mail capture of `npm start`, readable without a mail client. */
@Controller('outbox')
export class OutboxController {
  constructor(@Inject(WATCHFIRE_CONFIG) private readonly config: WatchfireConfig) {}

  @Get()
  @ApiDoc({ summary: 'Mail captured by `npm start` (404 when mail goes to SMTP_URL)' })
  async list() {
    if (!this.config.mailCaptureDir)
      throw new ApiError(404, 'not_found', 'No local mail capture: mail goes to SMTP_URL');
    return { dir: this.config.mailCaptureDir, messages: await listOutbox(this.config.mailCaptureDir) };
  }
}
