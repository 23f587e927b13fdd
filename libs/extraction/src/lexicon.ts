/**
 * Word lists: event triggers, cues (negation, modality, attribution, denial, verification) and
 * actors. Everything is lower case and matched on normalised tokens. Multi-word entries are
 * matched longest-first through a first-token index.
 */

export type TriggerCat =
  | 'capture' // seized, captured, took (over/control of), overran ...: actor = subject
  | 'retake' // retook, recaptured, regained control ...: actor = subject (default government)
  | 'fall' // fell, collapsed: place = subject, actor = "to X"
  | 'surrender' // surrendered: place = subject or object, actor = "to X" / opponent
  | 'handover' // handed over X to Y: actor = Y
  | 'lose' // lost X (to Y) / lost control of X: actor = Y / opponent of subject
  | 'control' // the Taliban (now) control X / X is controlled by
  | 'hold' // X held / forces held X: a capture did not happen
  | 'sweep' // swept into, rolled into: capture (weak)
  | 'enter' // entered, pushed into, broke into: attack (weak)
  | 'attack' // attacked, stormed, assaulted, shelled: actor = subject
  | 'attack_n' // attack/assault/offensive on X
  | 'capture_n' // fall/capture/seizure/takeover of X
  | 'retake_n' // recapture of X
  | 'fight_n' // fighting/clashes/battle in|for|around X
  | 'fight_v' // fought/were fighting in X
  | 'repel' // repelled/repulsed/beat back ... (from X): attack by the repelled
  | 'defend' // defended X: attack (weak)
  | 'under_attack'; // X came under attack/fire

export interface TriggerDef {
  cat: TriggerCat;
  /** Lemma-ish label for confidence and debugging. */
  lemma: string;
  /** Base/infinitive form ("seize", "attack"): modal/to-infinitive contexts are likely. */
  base?: boolean;
  /** Participle form (-ed/-en) that may be passive. */
  participle?: boolean;
  /** Gerund/progressive (-ing). */
  ing?: boolean;
  /** Strength in [0,1] of the trigger as evidence for its event type. */
  strength: number;
}

const T = (cat: TriggerCat, lemma: string, strength: number, forms: Record<string, Partial<TriggerDef>>): [string, TriggerDef][] =>
  Object.entries(forms).map(([w, extra]) => [w, { cat, lemma, strength, ...extra }]);

/** Single- and multi-word triggers (space-separated keys). */
export const TRIGGERS = new Map<string, TriggerDef>([
  ...T('capture', 'capture', 0.95, { capture: { base: true }, captures: {}, captured: { participle: true }, capturing: { ing: true } }),
  ...T('capture', 'seize', 0.95, { seize: { base: true }, seizes: {}, seized: { participle: true }, seizing: { ing: true } }),
  ...T('capture', 'take', 0.8, { take: { base: true }, takes: {}, took: {}, taken: { participle: true }, taking: { ing: true } }),
  ...T('capture', 'take over', 0.95, {
    'take over': { base: true }, 'takes over': {}, 'took over': {}, 'taken over': { participle: true }, 'taking over': { ing: true },
    'take control': { base: true }, 'takes control': {}, 'took control': {}, 'taken control': { participle: true }, 'taking control': { ing: true },
    'seized control': {}, 'seize control': { base: true }, 'seizing control': { ing: true },
    'gained control': {}, 'gain control': { base: true }, 'gaining control': { ing: true }, 'gains control': {},
    'wrested control': {}, 'wrest control': { base: true }, 'assumed control': {}, 'won control': {}, 'established control': {},
    'took full control': {}, 'taken full control': { participle: true }, 'took complete control': {}, 'seized full control': {},
  }),
  ...T('capture', 'overrun', 0.95, { overrun: { participle: true, base: true }, overran: {}, overruns: {}, overrunning: { ing: true } }),
  ...T('capture', 'conquer', 0.9, { conquer: { base: true }, conquered: { participle: true }, conquers: {}, conquering: { ing: true } }),
  ...T('capture', 'occupy', 0.75, { occupy: { base: true }, occupied: { participle: true }, occupies: {}, occupying: { ing: true } }),
  ...T('capture', 'liberate', 0.8, { liberate: { base: true }, liberated: { participle: true }, liberates: {}, liberating: { ing: true } }),
  ...T('capture', 'grab', 0.8, { grabbed: { participle: true }, grab: { base: true }, grabs: {} }),
  ...T('retake', 'retake', 0.95, {
    retake: { base: true }, retakes: {}, retook: {}, retaken: { participle: true }, retaking: { ing: true },
    recapture: { base: true }, recaptures: {}, recaptured: { participle: true }, recapturing: { ing: true },
    'regained control': {}, 'regain control': { base: true }, 'regaining control': { ing: true }, 'regains control': {},
    'retook control': {}, 'retaken control': { participle: true }, 'reasserted control': {}, 'restored control': {},
    reclaimed: { participle: true }, reclaim: { base: true }, reclaiming: { ing: true },
    'took back': {}, 'taken back': { participle: true }, 'take back': { base: true }, 'taking back': { ing: true },
    'won back': {}, 'win back': { base: true },
    regained: { participle: true }, regain: { base: true },
  }),
  ...T('fall', 'fall', 0.9, { fell: {}, fallen: { participle: true }, falls: {}, fall: { base: true }, falling: { ing: true } }),
  ...T('fall', 'collapse', 0.7, { collapsed: {}, collapses: {}, collapse: { base: true } }),
  ...T('surrender', 'surrender', 0.85, { surrendered: { participle: true }, surrenders: {}, surrender: { base: true }, surrendering: { ing: true }, capitulated: {} }),
  ...T('handover', 'hand over', 0.85, { 'handed over': { participle: true }, 'hand over': { base: true }, 'hands over': {}, 'handing over': { ing: true } }),
  ...T('handover', 'hand', 0.75, { handed: { participle: true }, hands: {} }),
  ...T('lose', 'lose', 0.8, { lost: { participle: true }, lose: { base: true }, loses: {}, losing: { ing: true } }),
  // Weaker: leaving a place (by the side that held it) hands it to the other side.
  ...T('lose', 'withdraw', 0.6, {
    abandoned: { participle: true }, abandon: { base: true }, 'withdrew from': {}, 'withdrawn from': { participle: true }, 'pulled out of': {},
    'retreated from': {}, 'fled from': {}, evacuated: { participle: true },
  }),
  ...T('fall', 'change hands', 0.7, { 'changed hands': {}, 'change hands': { base: true }, 'changing hands': { ing: true } }),
  ...T('control', 'control', 0.7, { control: { base: true }, controls: {}, controlled: { participle: true }, controlling: { ing: true } }),
  ...T('hold', 'hold', 0.6, { held: { participle: true }, holds: {}, holding: { ing: true }, hold: { base: true }, 'held out': {}, 'holding out': { ing: true }, 'stood firm': {} }),
  ...T('sweep', 'sweep into', 0.75, {
    'swept into': {}, 'sweep into': { base: true }, 'sweeping into': { ing: true }, 'rolled into': {}, 'marched into': {},
    'walked into': {}, 'swept through': {}, 'poured into': {},
  }),
  ...T('enter', 'enter', 0.7, {
    entered: { participle: true }, enter: { base: true }, enters: {}, entering: { ing: true },
    'pushed into': {}, 'push into': { base: true }, 'pushing into': { ing: true }, 'advanced into': {}, 'advancing into': { ing: true },
    'broke into': {}, 'broken into': { participle: true }, 'breaking into': { ing: true }, 'stormed into': {}, 'storming into': { ing: true },
    'fought their way into': {}, 'forced their way into': {}, 'made their way into': {},
    infiltrated: { participle: true }, infiltrate: { base: true }, breached: { participle: true }, breach: { base: true },
    'penetrated': { participle: true },
  }),
  ...T('attack', 'attack', 0.9, { attack: { base: true }, attacks: {}, attacked: { participle: true }, attacking: { ing: true } }),
  ...T('attack', 'storm', 0.95, { storm: { base: true }, stormed: { participle: true }, storms: {}, storming: { ing: true } }),
  ...T('attack', 'assault', 0.9, { assaulted: { participle: true }, assaulting: { ing: true } }),
  ...T('attack', 'shell', 0.6, { shelled: { participle: true }, shelling: { ing: true }, bombarded: { participle: true }, bombarding: { ing: true } }),
  ...T('attack', 'besiege-attack', 0.7, { 'laid siege to': {}, 'laying siege to': { ing: true } }),
  ...T('fight_n', 'fighting', 0.8, {
    fighting: {}, fight: {}, clashes: {}, clash: {}, battle: {}, battles: {}, 'gun battles': {}, 'gun battle': {}, gunbattles: {},
    firefight: {}, firefights: {}, combat: {}, skirmishes: {}, 'street fighting': {}, 'street battles': {}, 'heavy fighting': {},
    'exchange of fire': {}, 'exchanges of fire': {}, hostilities: {},
  }),
  ...T('fight_v', 'fight', 0.75, { fought: {}, clashed: {}, 'were fighting': {}, 'was fighting': {}, 'are fighting': {}, 'is fighting': {}, 'battled': {}, 'battling': { ing: true } }),
  ...T('repel', 'repel', 0.8, {
    repelled: { participle: true }, repel: { base: true }, repels: {}, repelling: { ing: true }, repulsed: { participle: true }, repulse: { base: true },
    'fended off': {}, 'fend off': { base: true }, 'beat back': {}, 'beaten back': { participle: true }, 'beating back': { ing: true },
    'pushed back': { participle: true }, 'push back': { base: true }, 'pushing back': { ing: true }, 'drove back': {}, 'driven back': { participle: true },
    thwarted: { participle: true }, foiled: { participle: true }, 'warded off': {}, 'held off': {},
  }),
  ...T('defend', 'defend', 0.55, { defended: { participle: true }, defending: { ing: true }, defend: { base: true } }),
]);

/** Noun readings ("the fall of", "an attack on"), used when the context is nominal. */
export const NOUN_TRIGGERS = new Map<string, TriggerDef>([
  ...T('attack_n', 'attack', 0.85, {
    attack: {}, attacks: {}, assault: {}, assaults: {}, offensive: {}, onslaught: {}, incursion: {}, 'push': {}, raid: {}, raids: {},
    'counter-attack': {}, counterattack: {}, 'counter-offensive': {}, counteroffensive: {},
  }),
  ...T('capture_n', 'fall', 0.9, {
    fall: {}, capture: {}, seizure: {}, takeover: {}, 'take-over': {}, loss: {}, surrender: {}, handover: {}, 'hand-over': {},
    conquest: {}, collapse: {}, occupation: {},
  }),
  ...T('retake_n', 'recapture', 0.9, { recapture: {}, retaking: {}, 'liberation': {} }),
]);


export type CueTag =
  | 'NEG' // not, never, no
  | 'ALMOST' // nearly, almost: the event did not (quite) happen
  | 'MODAL' // will, would, could, may, might ...
  | 'MODAL_TO' // expected to, threatened to, plans to ... (governs the next infinitive)
  | 'ATTEMPT_TO' // tried to, attempted to, bid to: a capture attempt is an attack
  | 'FAIL_TO' // failed to, unable to: an attempted capture is an attack
  | 'POS_TO' // managed to, succeeded in
  | 'HEDGE_TO' // is said to, is believed to, appears to: reported, weaker
  | 'MODAL_N' // threat of, risk of, fears of, imminent, expected (adjective) ...
  | 'COMP_MODAL' // fear that, warn that, whether, unclear ...: the complement did not (yet) happen
  | 'COND' // if, unless, should (inverted): conditional clause up to the next comma
  | 'SAY' // said, told, according to ...
  | 'CLAIM' // claimed, claims
  | 'CONFIRM' // confirmed, acknowledged, admitted
  | 'VERIFY' // verify/verified/confirmation (negated nearby: unverified)
  | 'UNVERIFIED' // unverified, unconfirmed
  | 'DENY' // denied, dismissed, rejected
  | 'FALSE' // false, baseless, untrue, propaganda
  | 'REPORTEDLY' // reportedly, allegedly, rumours
  | 'RUMOUR'
  | 'PREVENT' // prevent, avert: the complement did not happen
  | 'NO_LONGER'
  | 'BOUNDARY' // conjunctions that open a new clause (but, while, although ...)
  | 'REL' // which, who, where, that (relative/complement)
  | 'HISTORIC'; // previously, once, formerly

export const CUES = new Map<string, CueTag>([
  ...words('NEG', 'not never no neither nor nobody none cannot without'),
  ...words('NEG', "don't doesn't didn't hasn't haven't hadn't isn't aren't wasn't weren't won't wouldn't couldn't can't shouldn't mustn't"),
  ...words('ALMOST', 'nearly almost narrowly'),
  ...phr('NEG', ['yet to', 'has yet to', 'have yet to', 'had yet to']),
  ...words('MODAL', "will would could can may might should must shall 'll"),
  ...phr('MODAL', ['going to', 'is set to', 'are set to', 'was set to', 'were set to']),
  ...phr('MODAL_TO', [
    'expected to', 'likely to', 'unlikely to', 'poised to', 'about to', 'ready to', 'set to', 'bound to', 'determined to',
    'threaten to', 'threatens to', 'threatened to', 'threatening to', 'plan to', 'plans to', 'planned to', 'planning to',
    'aim to', 'aims to', 'aimed to', 'aiming to', 'seek to', 'seeks to', 'vow to', 'vows to', 'vowed to', 'vowing to', 'pledge to', 'pledged to', 'pledges to',
    'intend to', 'intends to', 'intended to', 'want to', 'wants to', 'wanted to', 'hope to', 'hopes to', 'hoped to', 'hoping to',
    'prepare to', 'prepares to', 'prepared to', 'preparing to', 'promise to', 'promised to', 'promises to', 'agreed to', 'agree to', 'agrees to',
    'order to', 'ordered to', 'urged to', 'told to', 'asked to', 'called on', 'need to', 'needs to', 'have to', 'has to', 'had to',
    'able to', 'in a position to', 'capable of', 'the capacity to', 'strength to', 'could be', 'likely', 'close to',
    'was to', 'were to', 'is to', 'are to', 'moving to', 'moved to', 'move to',
  ]),
  ...phr('ATTEMPT_TO', [
    'tried to', 'try to', 'tries to', 'trying to', 'attempted to', 'attempt to', 'attempts to', 'attempting to', 'sought to', 'seeking to',
    'struggled to', 'struggling to', 'fought to', 'fighting to', 'battled to', 'battling to', 'bid to', 'effort to', 'efforts to', 'push to',
    'drive to', 'offensive to', 'operation to', 'operations to', 'assault to', 'campaign to', 'attack to', 'attempt at', 'attempts at',
  ]),
  ...phr('FAIL_TO', ['failed to', 'fail to', 'fails to', 'failing to', 'unable to', 'did not manage to', 'could not', "couldn't", 'failed in their attempt to']),
  ...phr('POS_TO', ['managed to', 'manage to', 'succeeded in', 'were able to', 'was able to', 'continue to', 'continued to', 'went on to', 'proceeded to']),
  ...phr('HEDGE_TO', ['said to', 'believed to', 'thought to', 'appears to', 'appeared to', 'seems to', 'seemed to', 'reported to', 'understood to']),
  ...words('MODAL_N', 'threat threats risk risks danger prospect prospects possibility possible potential imminent looming impending eventual feared anticipated expected planned contingency contingencies scenario preparations verge brink edge threatens threatened threatening'),
  ...phr('MODAL_N', ['fears of', 'fear of', 'warnings of', 'warning of', 'warned of', 'warns of', 'warn of', 'in anticipation of', 'in preparation for', 'ahead of', 'in case of', 'in the event of', 'preparing for', 'prepare for', 'brace for', 'braced for', 'bracing for', 'plans for', 'plan for']),
  ...words('COMP_MODAL', 'fear fears feared fearing worry worries worried concern concerns concerned warn warns warned warning predict predicts predicted speculate speculated whether unclear lest imagine suppose supposing assuming hypothetically'),
  ...phr('COMP_MODAL', ['not clear', 'no sign', 'no signs', 'no indication', 'no evidence', 'in case', 'expect that', 'expects that', 'expected that', 'estimate that', 'estimated that']),
  ...words('COND', 'if unless should'),
  ...words('SAY', 'said says say saying told tells tell stated states announced announces announce reported reports tweeted posted added adding wrote writes explained insisted noted stressed declared asserted quoted cited argued maintained mentioned informed indicated'),
  ...phr('SAY', ['according to', 'in a statement', 'on twitter', 'told reporters', 'told reuters', 'told afp', 'told the associated press', 'quoted as saying', 'in a tweet', 'in a video', 'on social media']),
  ...words('CLAIM', 'claim claims claimed claiming boasted boast boasts'),
  ...words('CONFIRM', 'confirmed confirms confirm confirming acknowledged acknowledges acknowledge admitted admits admit conceded concedes concede corroborated'),
  ...words('VERIFY', 'verify verified verification confirmation confirmations corroboration'),
  ...words('UNVERIFIED', 'unverified unconfirmed uncorroborated'),
  ...words('DENY', 'denied denies deny denying denial denials dismissed dismisses dismiss dismissing rejected rejects reject rejecting refuted refutes refute contradicted disputed'),
  ...words('FALSE', 'false untrue baseless unfounded propaganda lies fabricated groundless nonsense rumor'),
  ...phr('FALSE', ['not true', 'no truth', 'fake news', 'not correct', 'incorrect', 'wrong']),
  ...words('REPORTEDLY', 'reportedly allegedly purportedly apparently'),
  ...words('RUMOUR', 'rumours rumors rumoured rumored rumour'),
  ...words('PREVENT', 'prevent prevented preventing prevents avert averted avoid avoided forestall stave halt halted stop stopped stem thwart'),
  ...phr('NO_LONGER', ['no longer']),
  ...words('BOUNDARY', 'but while whereas although though however meanwhile because after before when since until once'),
  ...words('REL', 'which who whom where that whose'),
  ...words('HISTORIC', 'previously formerly once'),
]);

function words(tag: CueTag, list: string): [string, CueTag][] {
  return list.split(/\s+/).filter(Boolean).map((w) => [w, tag]);
}
function phr(tag: CueTag, list: string[]): [string, CueTag][] {
  return list.map((w) => [w, tag]);
}

export type Side = 'insurgent' | 'government' | 'foreign' | 'neutral';
export interface ActorDef {
  /** Normalised name; undefined for generic words resolved from context ("militants"). */
  norm?: string;
  side: Side;
  /** A source of statements rather than a fighting force (officials, residents, spokesman). */
  sourceOnly?: boolean;
  /** Pronoun-like ("the group", "they"): resolved from context. */
  anaphor?: boolean;
  /** Strength as the subject of a military action (lower for police, officials). */
  weight?: number;
}

const A = (norm: string | undefined, side: Side, list: string[], extra: Partial<ActorDef> = {}): [string, ActorDef][] =>
  list.map((w) => [w, { norm, side, ...extra }]);

export const ACTORS = new Map<string, ActorDef>([
  ...A('Taliban', 'insurgent', ['taliban', 'taleban', 'islamic emirate', 'islamic emirate of afghanistan', 'haqqani network', 'haqqanis', 'taliban-led', 'the emirate']),
  ...A('Pakistani Taliban', 'insurgent', ['pakistani taliban', 'tehrik-i-taliban pakistan', 'tehrik i taliban pakistan', 'tehreek-e-taliban pakistan', 'tehreek i taliban pakistan', 'ttp']),
  ...A('Islamic State', 'insurgent', ['islamic state', 'isis', 'isil', 'daesh', 'is-k', 'iskp', 'isis-k', 'islamic state khorasan', 'islamic state-khorasan', 'islamic state in iraq and the levant']),
  ...A('al-Qaeda', 'insurgent', ['al-qaeda', 'al qaeda', 'al-qaida', 'al qaida', 'alqaeda']),
  ...A('al-Shabaab', 'insurgent', ['al-shabaab', 'al shabaab', 'shabaab', 'al-shabab', 'al shabab', 'shabab']),
  ...A('Houthis', 'insurgent', ['houthis', 'houthi', 'houthi rebels', 'ansar allah', 'ansarallah']),
  ...A('M23', 'insurgent', ['m23', 'm23 rebels', 'march 23 movement']),
  ...A('Rapid Support Forces', 'insurgent', ['rapid support forces', 'rsf']),
  ...A('Hayat Tahrir al-Sham', 'insurgent', ['hayat tahrir al-sham', 'hts', 'tahrir al-sham']),
  ...A('Syrian Democratic Forces', 'insurgent', ['syrian democratic forces', 'sdf']),
  ...A('National Resistance Front', 'insurgent', ['national resistance front', 'nrf', 'resistance front', 'northern alliance']),
  ...A('JNIM', 'insurgent', ['jnim', 'jama\'at nusrat al-islam wal-muslimin']),
  ...A('Boko Haram', 'insurgent', ['boko haram', 'iswap']),
  ...A('Arakan Army', 'insurgent', ['arakan army']),
  ...A('Hamas', 'insurgent', ['hamas']),
  ...A('Hezbollah', 'insurgent', ['hezbollah', 'hizbollah']),
  ...A('Wagner Group', 'foreign', ['wagner', 'wagner group']),
  ...A(undefined, 'insurgent', [
    'insurgents', 'insurgent', 'militants', 'militant', 'fighters', 'rebels', 'rebel', 'jihadists', 'jihadist', 'gunmen', 'armed men',
    'extremists', 'mujahideen', 'mujahedeen', 'guerrillas', 'guerrilla', 'insurgent fighters', 'militant fighters', 'insurgent group', 'militant group',
    'armed group', 'armed groups', 'armed opposition', 'the enemy',
  ]),
  ...A(undefined, 'insurgent', ['the group', 'the movement', 'the militant group', 'the insurgent group', 'the hardline group', 'the islamist group'], { anaphor: true }),
  ...A('government forces', 'government', [
    'government forces', 'government troops', 'government soldiers', 'government fighters', 'pro-government forces', 'pro-government militia',
    'pro-government militias', 'pro government forces', 'andsf', 'ansf', 'ana', 'anp', 'afghan national army', 'afghan national police',
    'afghan national security forces', 'afghan national defense and security forces', 'afghan national defence and security forces',
    'national army', 'national police', 'army', 'the army', 'troops', 'soldiers', 'security forces', 'security personnel', 'police',
    'policemen', 'police officers', 'commandos', 'special forces', 'border police', 'border forces', 'border guards', 'military', 'the military',
    'defence forces', 'defense forces', 'militia', 'militias', 'uprising forces', 'public uprising forces', 'local uprising forces',
    'defenders', 'garrison', 'air force', 'army corps', 'corps', 'marines', 'paratroopers', 'reinforcements', 'government', 'the government',
    'government-backed forces', 'loyalist forces', 'loyalists', 'regime forces', 'junta', 'armed forces', 'national guard', 'forces',
  ], { weight: 0.9 }),
  ...A('foreign forces', 'foreign', ['nato', 'coalition forces', 'foreign forces', 'international forces', 'us forces', 'u.s. forces', 'american forces', 'american troops', 'us troops', 'nato forces', 'coalition']),
  ...A(undefined, 'government', [
    'official', 'officials', 'governor', 'provincial governor', 'district governor', 'police chief', 'police spokesman', 'ministry', 'defence ministry',
    'defense ministry', 'ministry of defence', 'ministry of defense', 'interior ministry', 'ministry of interior', 'ministry of interior affairs',
    'president', 'presidential palace', 'minister', 'spokesman for the ministry', 'army spokesman', 'military spokesman', 'commander', 'commanders',
    'authorities', 'administration', 'kabul', 'security official', 'security officials', 'security sources', 'government spokesman', 'mayor',
    'national security council', 'nsc', 'presidential spokesman', 'chief of staff', 'military officials', 'defence officials', 'defense officials',
  ], { sourceOnly: true }),
  ...A(undefined, 'neutral', [
    'residents', 'resident', 'witnesses', 'witness', 'eyewitnesses', 'journalist', 'journalists', 'sources', 'source', 'elders', 'elder',
    'tribal elder', 'tribal elders', 'lawmaker', 'lawmakers', 'mp', 'mps', 'member of parliament', 'members of parliament', 'provincial council',
    'council member', 'council members', 'reuters', 'afp', 'the associated press', 'ap', 'united nations', 'the un', 'un', 'unama', 'analysts',
    'analyst', 'doctors', 'doctor', 'traders', 'trader', 'drivers', 'shopkeepers', 'shopkeeper', 'people', 'locals', 'activists', 'observers',
    'diplomats', 'aid workers', 'monitors', 'observatory', 'red cross', 'icrc', 'media', 'local media', 'television', 'tolo news', 'tolonews',
    'bbc', 'the new york times', 'al jazeera', 'ariana news', 'pajhwok', 'a resident', 'hospital officials',
  ], { sourceOnly: true }),
]);

/** Known spokesmen of parties, for attribution ("..., Zabihullah Mujahid said"). */
export const SPOKESPEOPLE = new Map<string, Side>([
  ['zabihullah mujahid', 'insurgent'], ['zabiullah mujahid', 'insurgent'], ['mujahid', 'insurgent'], ['qari yousuf ahmadi', 'insurgent'],
  ['yousuf ahmadi', 'insurgent'], ['suhail shaheen', 'insurgent'], ['mohammad naeem', 'insurgent'], ['bilal karimi', 'insurgent'],
  ['fawad aman', 'government'], ['rohullah ahmadzai', 'government'], ['ajmal omar shinwari', 'government'], ['tariq arian', 'government'],
  ['mirwais stanekzai', 'government'], ['ghulam behzad', 'government'], ['sediq sediqqi', 'government'], ['ahmad zia saraj', 'government'],
]);

/** Words that can sit between a verb and its object place ("captured the key border town of ..."). */
export const OBJECT_FILLER = new Set([
  'the', 'a', 'an', 'key', 'strategic', 'strategically', 'important', 'main', 'major', 'vital', 'crucial', 'lucrative', 'busy', 'bustling',
  'northern', 'southern', 'eastern', 'western', 'north', 'south', 'east', 'west', 'northeastern', 'northwestern', 'southeastern',
  'southwestern', 'north-eastern', 'north-western', 'south-eastern', 'south-western', 'central', 'remote', 'provincial', 'border', 'city',
  'town', 'capital', 'capitals', 'crossing', 'crossings', 'port', 'dry', 'river', 'trading', 'trade', 'commercial', 'customs', 'control',
  'full', 'complete', 'total', 'effective', 'all', 'entire', 'whole', 'of', 'back', 'over', 'also', 'quickly', 'swiftly', 'finally', 'largely',
  'rest', 'its', 'their', 'his', 'her', 'centre', 'center', 'administrative', 'gateway', 'hub', 'point', 'post', 'station', 'gate', 'area',
  'nearby', 'neighbouring', 'neighboring', 'besieged', 'embattled', 'beleaguered', 'contested', 'historic', 'ancient', 'frontier', 'official',
  'largest', 'biggest', 'second-largest', 'third-largest', 'second', 'third', 'another', 'two', 'three', 'four', 'five', 'six', 'seven',
  'eight', 'nine', 'ten', 'several', 'provincial-capital', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh',
  'twelfth', 'latest', 'last', 'first', 'northeastern', 'already', 'even', 'now', 'then', 'later', 'eventually', 'soon',
  'briefly', 'again', 'too', 'both', 'fellow', 'nearby', 'key', 'mountainous', 'dusty', 'sprawling', 'small', 'large', 'little', 'big', 'famous',
  'fabled', 'once-bustling', 'heavily', 'fortified', 'well-defended', 'southern-most', 'northernmost', 'southernmost', 'easternmost', 'westernmost',
  'capital-city',
]);

/** Nouns inside a city: taking or attacking them is fighting inside the city (an attack on it). */
export const INNER_CITY = new Set([
  'compound', 'headquarters', 'hq', 'prison', 'jail', 'palace', 'office', 'offices', 'building', 'buildings', 'neighbourhood', 'neighbourhoods',
  'neighborhood', 'neighborhoods', 'airport', 'airfield', 'university', 'hospital', 'bazaar', 'market', 'streets', 'centre', 'center', 'parts',
  'part', 'sections', 'quarter', 'quarters', 'suburbs', 'suburb', 'outskirts',
  'edge', 'edges', 'gates', 'square', 'mosque', 'stadium', 'entrance', 'entrances', 'periphery', 'defences', 'defenses', 'perimeter', 'walls',
]);
/** Soft targets: an attack on them is usually a bombing or shelling, not an assault on the city. */
export const SOFT_TARGETS = new Set(['airport', 'airfield', 'hospital', 'university', 'mosque', 'market', 'bazaar', 'stadium', 'square', 'school', 'shrine', 'hotel', 'embassy', 'consulate']);
/** Of those, the ones that are parts of the city itself ("parts of Kunduz"), used with "of". */
export const CITY_PARTS = new Set(['parts', 'part', 'areas', 'sections', 'quarter', 'quarters', 'neighbourhoods', 'neighborhoods', 'neighbourhood', 'neighborhood', 'streets', 'suburbs', 'suburb', 'outskirts', 'edge', 'edges', 'gates', 'streets', 'entrance', 'entrances', 'periphery', 'vicinity']);
/** "most of the city", "much of" - control of the city. */
export const MOST_OF = new Set(['most', 'much', 'all', 'bulk', 'majority', 'centre', 'center', 'heart', 'rest']);

/** Words that make an attack noun not an assault on the city (a bombing). */
export const BOMBING_MODIFIERS = new Set([
  'suicide', 'bomb', 'bombing', 'car', 'truck', 'roadside', 'rocket', 'rockets', 'drone', 'air', 'grenade', 'magnetic', 'sticky', 'terror',
  'terrorist', 'ied', 'mortar', 'missile', 'cyber', 'knife', 'arson', 'acid', 'sectarian', 'targeted', 'heart', 'panic', 'asthma',
]);

/** Words for a non-place head of an object noun phrase: the place after them is only a locative. */
export const NON_PLACE_HEADS = new Set([
  'district', 'districts', 'village', 'villages', 'area', 'areas', 'region', 'valley', 'highway', 'road', 'roads', 'territory', 'territories',
  'weapons', 'vehicles', 'checkpoints', 'checkpoint', 'outposts', 'outpost', 'posts', 'bases', 'base', 'positions', 'hills', 'hill', 'dam',
  'bridge', 'province', 'provinces', 'countryside', 'villagers', 'people', 'residents', 'civilians', 'prisoners', 'hostages', 'convoy',
  'convoys', 'trucks', 'goods', 'revenue',
]);

/** Coreference nouns: "the city", "the crossing". */
export const COREF_NOUNS: Record<string, 'city' | 'crossing' | 'town' | 'capital' | 'provcapital'> = {
  city: 'city', 'city centre': 'city', 'city center': 'city', 'provincial capital': 'provcapital', 'provincial center': 'provcapital',
  'provincial centre': 'provcapital', 'provincial seat': 'provcapital', capital: 'capital', town: 'town', 'border town': 'crossing',
  crossing: 'crossing', 'border crossing': 'crossing', 'border post': 'crossing', 'border point': 'crossing', 'crossing point': 'crossing',
  'border gate': 'crossing', 'dry port': 'crossing', port: 'crossing', 'river port': 'crossing', 'border port': 'crossing',
  'customs post': 'crossing', 'border checkpoint': 'crossing', 'frontier post': 'crossing', 'trade route': 'crossing',
};

/** Capitalised words that can follow a place name without making it a person's name. */
export const PLACE_FOLLOWERS = new Set([
  'province', 'provincial', 'city', 'town', 'airport', 'governor', 'police', 'chief', 'council', 'crossing', 'border', 'gate', 'port', 'corps',
  'zone', 'district', 'base', 'bridge', 'customs', 'municipality', 'mayor', 'garrison', 'military', 'army', 'prison', 'jail', 'university',
  'hospital', 'bazaar', 'market', 'road', 'highway', 'valley', 'river', 'mosque', 'palace', 'region', 'regional', 'central', 'airfield',
  'and', 'or', 'on', 'in', 'the', 'to', 'from', 'of', 'at', 'as', 'by', 'with', 'for', 'after', 'before', 'is', 'was', 'has', 'had', 'fell',
  'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'taliban', 'afghan', 'government', 'security', 'special',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct',
  'nov', 'dec', 'but', 'while', 'when', 'where', 'which', 'who', 'islam', 'iran', 'pakistan', 'tajikistan', 'uzbekistan', 'turkmenistan',
  'china', 'kabul', 'then', 'this', 'that', 'it', 'its', 'their', 'they', 'we', 'he', 'she', 'i', 'a', 'an', 'if', 'so', 'since', 'until',
]);

/** Titles and first-name-like words before a place name that make it a person's name. */
export const PERSON_TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'gen', 'general', 'col', 'colonel', 'capt', 'captain', 'lt', 'lieutenant', 'maj', 'major', 'sgt', 'mullah',
  'maulvi', 'mawlawi', 'moulvi', 'haji', 'hajji', 'sheikh', 'ustad', 'qari', 'commander', 'sayed', 'syed', 'engineer', 'professor', 'prof',
  'president', 'minister', 'senator', 'mohammad', 'muhammad', 'mohammed', 'ahmad', 'ahmed', 'abdul', 'ali', 'gul', 'khan', 'noor', 'nur',
  'saeed', 'sultan', 'amir', 'ghulam', 'abdullah', 'hamid', 'hamidullah',
]);
/** Nouns after "<Name>, a/an ..." that make the name a person. */
export const PERSON_ROLES = new Set([
  'spokesman', 'spokeswoman', 'spokesperson', 'resident', 'shopkeeper', 'student', 'teacher', 'doctor', 'nurse', 'farmer', 'mother', 'father',
  'official', 'commander', 'lawmaker', 'journalist', 'soldier', 'driver', 'trader', 'policeman', 'activist', 'member', 'mp', 'elder', 'mechanic',
  'widow', 'girl', 'boy', 'woman', 'man', 'worker', 'businessman', 'engineer', 'analyst', 'researcher', 'professor', 'former', 'local',
  'senior', 'retired', 'young', 'daughter', 'son', 'brother', 'sister', 'wife', 'husband', 'cousin', 'tailor', 'labourer', 'laborer', 'year-old',
]);
