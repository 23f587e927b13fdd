import { describe, expect, it } from 'vitest';
import { ex, one } from '../testing/extract';

describe('claim status', () => {
  it('claimed: one side speaking for itself, claim verbs, unverifiable', () => {
    expect(one('The Taliban said on Friday they had seized Islam Qala.').status).toBe('claimed');
    expect(one('Taliban fighters captured Qalat, a Taliban spokesman said.').status).toBe('claimed');
    expect(
      one('"Our mujahideen have captured Pul-e Khumri," Zabihullah Mujahid wrote on Twitter.').status,
    ).toBe('claimed');
    expect(one('Insurgents claimed to have overrun Tarinkot.').status).toBe('claimed');
    expect(
      one('Taliban fighters seized Torghundi, officials said. The claim could not be independently verified.')
        .status,
    ).toBe('claimed');
    expect(one('The defence ministry said commandos had recaptured the Torghundi crossing.').status).toBe(
      'claimed',
    );
  });

  it('reported: a neutral or opposing source, or no attribution', () => {
    expect(one('Taliban fighters captured Ghazni on Thursday, residents said.').status).toBe('reported');
    expect(one('The Taliban captured Ghazni on Thursday, a provincial official said.').status).toBe(
      'reported',
    );
    expect(one('The Taliban captured Ghazni on Thursday.').status).toBe('reported');
    expect(one('The Taliban have reportedly captured Chaghcharan, according to local media.').status).toBe(
      'reported',
    );
    expect(
      one(
        'Government forces repelled a Taliban attack on Pul-e Alam, the defence ministry said. It said 23 insurgents were killed, a figure that could not be verified.',
      ).status,
    ).toBe('reported');
  });

  it('confirmed: an explicit confirmation by someone other than the winner', () => {
    expect(
      one('Interior ministry spokesman Mirwais Stanekzai confirmed that the Taliban had taken Sheberghan.')
        .status,
    ).toBe('confirmed');
    expect(
      one(
        'The Taliban said they had captured Qala-i-Naw on Thursday. Local officials confirmed that the city had fallen.',
      ).status,
    ).toBe('confirmed');
    expect(one('Officials acknowledged on Saturday that Maymana had fallen.').status).toBe('confirmed');
  });

  it('denied: officials dismiss the claim or rumour (never a capture)', () => {
    const cases = [
      'Officials in Ghazni denied on Wednesday that the city had fallen.',
      'The Taliban claimed to have captured Taloqan. The governor said the claim was baseless.',
      'Rumours that Mazar-i-Sharif had fallen spread on Thursday, but the governor dismissed them as propaganda.',
      'Takhar police denied a Taliban claim that the Ai Khanum port had been captured.',
      'The Taliban said they had captured Bazarak. The resistance front denied the claim.',
    ];
    for (const c of cases) {
      const evs = ex(c);
      const e = evs.find((x) => x.type !== 'provincial_capital_attack');
      expect(e?.status, c).toBe('denied');
    }
  });

  it('does not turn a denial of something else into a denied event', () => {
    expect(
      one('Taliban fighters captured Ghazni, but the group denied responsibility for killing civilians.')
        .status,
    ).toBe('reported');
    const herat = ex(
      'The governor rejected reports that Herat had fallen, saying fighters who infiltrated the eastern suburbs had been driven out.',
      '2021-07-31',
    );
    expect(herat.map((e) => [e.type, e.status])).toEqual([
      ['provincial_capital_attack', 'reported'],
      ['provincial_capital_captured', 'denied'],
    ]);
  });

  it('lets the latest dated change, or the better attested reading, decide', () => {
    const k = one(
      'Kunduz had not yet fallen by Sunday evening, but by Monday it was in Taliban hands.',
      '2021-08-10',
    );
    expect([k.status, k.actor, k.eventDate]).toEqual(['reported', 'Taliban', '2021-08-09']);
    const t = one(
      'Taloqan, which government forces had recaptured in June after a brief Taliban incursion, fell again on Sunday, according to a local official.',
      '2021-08-08',
    );
    expect([t.actor, t.eventDate]).toEqual(['Taliban', '2021-08-08']);
    const sb = one(
      'Despite government claims that it had been retaken, Spin Boldak remains under Taliban control, residents said.',
    );
    expect([sb.actor, sb.status]).toEqual(['Taliban', 'reported']);
  });

  it('merges mentions into one event per type and place', () => {
    const evs = ex(
      'The Taliban seized Kunduz on Sunday. Kunduz fell after weeks of fighting. The fall of Kunduz shocked Kabul.',
      '2021-08-08',
    );
    const caps = evs.filter((e) => e.type === 'provincial_capital_captured');
    expect(caps).toHaveLength(1);
    expect(caps[0].evidence.length).toBeGreaterThanOrEqual(2);
  });
});
