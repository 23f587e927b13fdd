import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';
import { logFormatFrom, PinoNestLogger, rootLogger, scrubSecrets } from './logging';

/** A pino logger writing into an array, to read back what a line would contain. */
function capture(level: 'debug' | 'info' = 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  const pino = rootLogger('json', sink).child({}, { level });
  return { lines, logger: new PinoNestLogger(pino) };
}

describe('logging', () => {
  it('LOG_FORMAT: pretty on a terminal, JSON otherwise; a typo stops start-up', () => {
    expect(logFormatFrom({}, true)).toBe('pretty');
    expect(logFormatFrom({}, false)).toBe('json');
    expect(logFormatFrom({ LOG_FORMAT: 'JSON' }, true)).toBe('json');
    expect(logFormatFrom({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(() => parseConfig({ LOG_FORMAT: 'yaml' })).toThrow(ConfigError);
    expect(() => parseConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
  });

  it('turns Nest calls into lines with context and the ids given as fields', () => {
    const { lines, logger } = capture();
    logger.debug({ msg: 'r-1: published', reportId: 'r-1' }, 'ReportsService');
    logger.log('joined', undefined, 'consumer:watchfire-rules');
    logger.error('failed', 'Error: x\n    at y', 'pipeline');
    expect(lines[0]).toMatchObject({
      level: 20,
      context: 'ReportsService',
      msg: 'r-1: published',
      reportId: 'r-1',
    });
    expect(lines[1]).toMatchObject({ level: 30, context: 'consumer:watchfire-rules', msg: 'joined' });
    expect(lines[2]).toMatchObject({
      level: 50,
      context: 'pipeline',
      msg: 'failed',
      stack: 'Error: x\n    at y',
    });
  });

  it("keeps Nest's boot chatter at debug and drops levels below the service's", () => {
    const { lines, logger } = capture('info');
    logger.log('Mapped {/rules, GET} route', 'RouterExplorer');
    logger.debug({ msg: 'per report', reportId: 'r-2' }, 'pipeline');
    logger.warn('kept', 'pipeline');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });

  it('redacts secret fields and scrubs secrets out of messages', () => {
    const { lines, logger } = capture();
    logger.log(
      {
        msg: 'connecting to smtp://watchfire:hunter2hunter2@mail.example.org:587 with Authorization: Bearer abcdefabcdef0123',
        smtpUrl: 'smtp://watchfire:hunter2hunter2@mail.example.org:587',
        headers: { authorization: 'Bearer abcdefabcdef0123' },
        token: 'tok-123456789012345678',
        link: 'https://alerts.example.org/unsubscribe?token=tok-123456789012345678&x=1',
      },
      'mailer',
    );
    const text = JSON.stringify(lines);
    for (const secret of ['hunter2hunter2', 'abcdefabcdef0123', 'tok-123456789012345678'])
      expect(text).not.toContain(secret);
    expect(lines[0].smtpUrl).toBe('[redacted]');
    expect(lines[0].msg).toContain('smtp://watchfire:[redacted]@mail.example.org:587');
  });

  it('scrubSecrets leaves ordinary text alone', () => {
    const line = 'POST /reports 202 in 12 ms from http://127.0.0.1:3001 (report r-1)';
    expect(scrubSecrets(line)).toBe(line);
    expect(scrubSecrets('GET /confirm?token=abc.def-123&x=1')).toBe('GET /confirm?token=[redacted]&x=1');
  });
});
