import { describe, expect, it } from 'vitest';
import { FeedError } from './errors';
import { parseFeed, parseFeedDate } from './parse';

const RSS2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Afghan News &amp; Wires</title>
  <link>https://news.example.org/</link>
  <item>
    <title>Taliban claim Islam Qala &amp;amp; more</title>
    <link>/2021/07/09/islam-qala</link>
    <guid isPermaLink="false">urn:uuid:1234</guid>
    <pubDate>Fri, 09 Jul 2021 08:30:00 +0430</pubDate>
    <description>&lt;p&gt;Short &lt;b&gt;teaser&lt;/b&gt;&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>The Taliban claim to have seized Islam Qala, the main border crossing with Iran.</p><script>track()</script><p>Unverified.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second</title>
    <guid>https://news.example.org/second</guid>
    <description>Plain text with an ampersand &amp; a &#233;.</description>
    <dc:date>2021-07-08</dc:date>
  </item>
  <item><description></description></item>
</channel>
</rss>`;

const RSS1 = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.org/"><title>RDF feed</title><link>https://rdf.example.org/</link></channel>
  <item rdf:about="https://rdf.example.org/a">
    <title>Qala-i-Naw attacked</title>
    <link>https://rdf.example.org/a</link>
    <description>Fighting in Qala-i-Naw, capital of Badghis province.</description>
    <dc:date>2021-07-07T10:00:00+04:30</dc:date>
  </item>
</rdf:RDF>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Atom wire</title>
  <link rel="self" href="https://atom.example.org/feed.xml"/>
  <link href="https://atom.example.org/"/>
  <entry>
    <title type="html">Sher Khan Bandar &lt;em&gt;falls&lt;/em&gt;</title>
    <link rel="alternate" type="text/html" href="https://atom.example.org/shk?utm_source=rss"/>
    <id>tag:atom.example.org,2021:shk</id>
    <updated>2021-06-22T12:00:00Z</updated>
    <published>2021-06-22T08:00:00Z</published>
    <summary>Summary only</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The Taliban took Sher Khan Bandar on the Tajik border.</p><p>Second paragraph with more detail.</p></div></content>
  </entry>
  <entry>
    <title>Plain &lt;not a tag&gt;</title>
    <id>tag:atom.example.org,2021:b</id>
    <content type="text">Text with &lt;angle brackets&gt; kept as text.</content>
  </entry>
</feed>`;

describe('parseFeed', () => {
  it('reads RSS 2.0: content over description, relative links, dates to UTC, entities', () => {
    const f = parseFeed(RSS2);
    expect(f.format).toBe('rss2');
    expect(f.title).toBe('Afghan News & Wires');
    expect(f.items).toHaveLength(2);
    expect(f.skipped).toBe(1);
    expect(f.items[0]).toEqual({
      title: 'Taliban claim Islam Qala & more',
      body: 'The Taliban claim to have seized Islam Qala, the main border crossing with Iran.\n\nUnverified.',
      link: 'https://news.example.org/2021/07/09/islam-qala',
      guid: 'urn:uuid:1234',
      publishedAt: '2021-07-09T04:00:00.000Z',
    });
    expect(f.items[1]).toMatchObject({
      body: 'Plain text with an ampersand & a \u00e9.',
      link: 'https://news.example.org/second',
      publishedAt: '2021-07-08T00:00:00.000Z',
    });
  });

  it('reads RSS 1.0 (RDF)', () => {
    const f = parseFeed(RSS1);
    expect(f.format).toBe('rss1');
    expect(f.items).toEqual([
      {
        title: 'Qala-i-Naw attacked',
        body: 'Fighting in Qala-i-Naw, capital of Badghis province.',
        link: 'https://rdf.example.org/a',
        guid: 'https://rdf.example.org/a',
        publishedAt: '2021-07-07T05:30:00.000Z',
      },
    ]);
  });

  it('reads Atom: xhtml content, html titles, text content kept literally, alternate link', () => {
    const f = parseFeed(ATOM);
    expect(f.format).toBe('atom');
    expect(f.title).toBe('Atom wire');
    expect(f.items[0]).toEqual({
      title: 'Sher Khan Bandar falls',
      body: expect.stringContaining('The Taliban took Sher Khan Bandar on the Tajik border.'),
      link: 'https://atom.example.org/shk?utm_source=rss',
      guid: 'tag:atom.example.org,2021:shk',
      publishedAt: '2021-06-22T08:00:00.000Z',
    });
    expect(f.items[0].body).toContain('Second paragraph');
    expect(f.items[1].body).toBe('Text with <angle brackets> kept as text.');
    expect(f.items[1].title).toBe('Plain <not a tag>');
  });

  it('refuses malformed XML with line and column', () => {
    const err = catchErr(() => parseFeed('<rss><channel><title>x</channel></rss>'));
    expect(err.code).toBe('malformed_xml');
    expect(err.message).toMatch(/line 1, column \d+/);
    expect(catchErr(() => parseFeed('<rss><channel><item><title>x</title>')).code).toBe('malformed_xml');
  });

  it('refuses entity declarations (XXE, billion laughs)', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title></item></channel></rss>';
    expect(catchErr(() => parseFeed(xxe)).code).toBe('forbidden_xml');
    const lol =
      '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>';
    expect(catchErr(() => parseFeed(lol)).code).toBe('forbidden_xml');
  });

  it('leaves undeclared entities as written (no expansion)', () => {
    const f = parseFeed('<rss><channel><item><title>a &foo; b</title></item></channel></rss>');
    expect(f.items[0].title).toBe('a &foo; b');
  });

  it('says what it got when it is not a feed', () => {
    expect(catchErr(() => parseFeed('<html><body>hi</body></html>')).message).toMatch(
      /root element is <html> \(a web page/,
    );
    expect(catchErr(() => parseFeed('   ')).code).toBe('not_a_feed');
    expect(catchErr(() => parseFeed('x'.repeat(100), { maxChars: 50 })).code).toBe('too_large');
  });

  it('caps the number of items and drops javascript: links', () => {
    const items = Array.from(
      { length: 30 },
      (_, i) => `<item><title>t${i}</title><link>javascript:alert(${i})</link></item>`,
    ).join('');
    const f = parseFeed(`<rss><channel>${items}</channel></rss>`, { maxItems: 10 });
    expect(f.items).toHaveLength(10);
    expect(f.skipped).toBe(20);
    expect(f.items[0].link).toBeUndefined();
    expect(f.items[0].body).toBe('');
  });
});

describe('parseFeedDate', () => {
  it('reads RFC 822 with named zones and RFC 3339', () => {
    expect(parseFeedDate('Fri, 09 Jul 2021 08:30:00 GMT')).toBe('2021-07-09T08:30:00.000Z');
    expect(parseFeedDate('Fri, 09 Jul 2021 08:30:00 EST')).toBe('2021-07-09T13:30:00.000Z');
    expect(parseFeedDate('9 Jul 2021 08:30 UT')).toBe('2021-07-09T08:30:00.000Z');
    expect(parseFeedDate('2021-07-09T08:30:00+04:30')).toBe('2021-07-09T04:00:00.000Z');
    expect(parseFeedDate('yesterday')).toBeUndefined();
    expect(parseFeedDate('0001-01-01T00:00:00Z')).toBeUndefined();
  });
});

function catchErr(f: () => unknown): FeedError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FeedError);
    return e as FeedError;
  }
  throw new Error('expected an error');
}
