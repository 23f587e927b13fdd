/**
 * The pipeline for one report: sentence attributions and cues first (status needs them for every
 * sentence), then every trigger of the body, linked and turned into mentions.
 */
import { namedInsurgent } from './actor';
import { propagateQuotes, sentenceAttributions, sentenceCues } from './attribution';
import { triggerAt } from './candidates';
import type { ExtractionContext } from './context';
import { handleTrigger } from './linking';

export function run(ctx: ExtractionContext): void {
  const { doc } = ctx;
  ctx.docInsurgent = namedInsurgent(ctx);
  for (const s of doc.sentences)
    ctx.attributions.push(sentenceAttributions(ctx, s.tokStart, s.tokEnd, s.index));
  propagateQuotes(ctx);
  for (const s of doc.sentences) sentenceCues(ctx, s.index);
  for (const s of doc.sentences) {
    for (let i = Math.max(s.tokStart, doc.bodyTok); i < s.tokEnd; i++) {
      const found = triggerAt(ctx, i);
      if (!found) continue;
      const { def, end, noun } = found;
      handleTrigger(ctx, i, end, def, noun, s.index);
      if (!noun) i = end - 1;
    }
  }
}
