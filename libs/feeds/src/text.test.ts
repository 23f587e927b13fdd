import { describe, expect, it } from 'vitest';
import { FeedError } from './errors';
import { guessLanguage } from './language';
import {
  collapseWhitespace,
  decodeFeedBytes,
  decodeHtmlEntities,
  decodeUtf8Strict,
  findInvalidUtf8,
  findLoneSurrogate,
  htmlToText,
  normaliseBody,
} from './text';

describe('HTML to text', () => {
  it('drops tags, script and style, keeps paragraphs', () => {
    const html =
      '<div><p>Taliban <b>seize</b> Islam&nbsp;Qala</p><script>alert("x<p>")</script><style>p{color:red}</style><p>Second&amp;para &#8212; &#x2014;</p></div>';
    expect(htmlToText(html)).toBe('Taliban seize Islam Qala\n\nSecond&para \u2014 \u2014');
  });
  it('handles comments, unclosed script, lone < and attributes with >', () => {
    expect(htmlToText('a <!-- <p>hidden</p> --> b')).toBe('a b');
    expect(htmlToText('a < b and <a title="x>y" href="/">link</a>')).toBe('a < b and link');
    expect(htmlToText('text<SCRIPT>never closed')).toBe('text');
    expect(htmlToText('line<br/>break<img alt="photo of Herat" src=x>')).toBe('line\nbreak photo of Herat');
  });
  it('is linear on pathological input', () => {
    const evil = '<a '.repeat(50_000) + '<'.repeat(50_000) + '&'.repeat(50_000);
    // A quadratic scan of these 150,000 characters would not finish within the test timeout.
    expect(htmlToText(evil)).toBe(''); // the first unclosed tag swallows the rest
  });
  it('decodes entities, bad numeric references become U+FFFD', () => {
    expect(decodeHtmlEntities('&eacute;&amp;&#0;&#xD800;&#1114112;&unknown;')).toBe(
      '\u00e9&\ufffd\ufffd\ufffd&unknown;',
    );
  });
  it('collapses whitespace and control characters', () => {
    expect(collapseWhitespace(' a \t b\r\n\r\n\r\n\r\nc\u0000 \u00a0d ')).toBe('a b\n\nc d');
    expect(normaliseBody('plain   text\n\n\n\nnext')).toBe('plain text\n\nnext');
  });
});

describe('UTF-8', () => {
  it('accepts valid text and finds the first invalid byte', () => {
    expect(decodeUtf8Strict(Buffer.from('Qala-i-Naw — قلعه نو'))).toBe('Qala-i-Naw — قلعه نو');
    expect(findInvalidUtf8(Buffer.from([0x61, 0x62, 0xc3, 0x28]))).toBe(2);
    expect(findInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // encoded surrogate
    expect(findInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong
    expect(findInvalidUtf8(Buffer.from([0xe2, 0x82]))).toBe(0); // truncated
  });
  it('refuses invalid sequences with a clear error', () => {
    expect(() => decodeUtf8Strict(Buffer.from([0x61, 0xff, 0x62]), 'the body')).toThrow(
      /the body is not valid UTF-8 \(invalid byte sequence at byte 1: 0xff\)/,
    );
    try {
      decodeUtf8Strict(Buffer.from([0xff]));
    } catch (e) {
      expect((e as FeedError).code).toBe('invalid_utf8');
    }
  });
  it('finds lone surrogates in JS strings', () => {
    expect(findLoneSurrogate('ok \ud83d\ude00')).toBe(-1);
    expect(findLoneSurrogate('bad \ud83d!')).toBe(4);
    expect(findLoneSurrogate('\ude00')).toBe(0);
  });
  it('decodes declared legacy charsets and BOMs', () => {
    expect(decodeFeedBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/xml; charset=ISO-8859-1')).toBe(
      'café',
    );
    expect(
      decodeFeedBytes(
        Buffer.concat([
          Buffer.from('<?xml version="1.0" encoding="windows-1252"?>'),
          Buffer.from([0x93, 0x61, 0x94]),
        ]),
      ),
    ).toContain('\u201ca\u201d');
    expect(decodeFeedBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
    expect(() => decodeFeedBytes(Buffer.from('x'), 'text/xml; charset=x-nonsense')).toThrow(/cannot decode/);
    expect(() => decodeFeedBytes(Buffer.from([0x3c, 0xff]))).toThrow(/not valid UTF-8/);
  });
});

describe('language guess', () => {
  it('recognises English prose', () => {
    const g = guessLanguage(
      'The Taliban claimed on Friday that they had seized Islam Qala, the main border crossing with Iran, after fighting in the area.',
    );
    expect(g).toMatchObject({ language: 'en', english: true });
  });
  it('marks other languages, does not guess on a headline', () => {
    expect(
      guessLanguage(
        "Les talibans ont pris le contrôle du poste-frontière d'Islam Qala selon des responsables de la province",
      ).english,
    ).toBe(false);
    expect(
      guessLanguage(
        'Los talibanes tomaron el control del paso fronterizo de Islam Qala, según las autoridades de la provincia',
      ).language,
    ).toBe('es');
    expect(guessLanguage('طالبان کنترول گذرگاه مرزی اسلام قلعه را در دست گرفتند')).toMatchObject({
      language: 'fa',
      english: false,
    });
    expect(guessLanguage('طالبانو د اسلام کلا سرحدي بندر ونیو او ښار ته ننوتل')).toMatchObject({
      language: 'ps',
      english: false,
    });
    expect(guessLanguage('Талибы захватили пограничный переход')).toMatchObject({
      language: 'ru',
      english: false,
    });
    expect(guessLanguage('Taliban seize Islam Qala')).toMatchObject({
      language: undefined,
      english: undefined,
    });
  });
  it('stops reading a long ASCII text once English is clear, and only then', () => {
    const en =
      'The Taliban said on Friday that their fighters had taken the border crossing and that officials of the province had fled to the city. ';
    const nl =
      'De taliban zeggen dat de strijders van de groep het grensstation hebben ingenomen en dat de ambtenaren naar de stad zijn gevlucht. ';
    const es =
      'Los talibanes dijeron que sus combatientes tomaron el paso fronterizo y que los funcionarios de la provincia huyeron a la ciudad. ';
    expect(guessLanguage(en.repeat(12))).toMatchObject({ language: 'en', english: true });
    expect(guessLanguage(nl.repeat(12))).toMatchObject({ language: 'nl', english: false });
    expect(guessLanguage(es.repeat(12))).toMatchObject({ language: 'es', english: false });
    // the opening decides an ASCII text: a long English lead is English, even if Dutch follows
    expect(guessLanguage(en.repeat(4) + nl.repeat(20)).language).toBe('en');
    // ... but any other script in the text is still counted in full
    expect(
      guessLanguage(en.repeat(2) + 'طالبان کنترول گذرگاه مرزی اسلام قلعه را در دست گرفتند '.repeat(40))
        .language,
    ).toBe('fa');
  });
});
