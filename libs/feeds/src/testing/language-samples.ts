/**
 * A small multilingual sample for the language guess, written by the team for this purpose (short
 * conflict-news paragraphs in each language, no sentence taken from published material). `lang`
 * is the BCP 47 code the guess should give; `undefined` marks texts too short to tell, which must
 * not be called non-English (extraction then tries them).
 */
export interface LanguageSample {
  lang: string | undefined;
  text: string;
}

export const LANGUAGE_SAMPLES: LanguageSample[] = [
  // English, including place-heavy and quote-heavy copy that a trigram model could misread
  {
    lang: 'en',
    text: 'Fighters entered Qala-i-Naw, the capital of Badghis province, on Wednesday and clashed with government forces near the police headquarters, officials said. The claim could not be independently verified.',
  },
  {
    lang: 'en',
    text: 'The army said it had regained control of Wad Madani, the capital of Gezira state, more than a year after the city fell to the Rapid Support Forces. Residents said soldiers were welcomed in the streets of the town.',
  },
  {
    lang: 'en',
    text: 'Mazar-i-Sharif, Sheberghan, Kunduz, Taloqan and Pul-e Khumri were reported quiet overnight, while convoys moved between Hairatan and Spin Boldak under escort, according to a spokesman for the provincial governor.',
  },
  {
    lang: 'en',
    text: '"We have taken the city and the governor has fled," a spokesman for the group told reporters by telephone from an undisclosed location, adding that the fighters would not harm civilians who stayed in their homes.',
  },
  // French
  {
    lang: 'fr',
    text: "Les rebelles du M23 sont entrés dans la ville de Goma dimanche soir, selon plusieurs sources locales, et des tirs ont été entendus près de l'aéroport. Le gouvernement affirme que l'armée tient toujours le centre.",
  },
  {
    lang: 'fr',
    text: "Des combats ont éclaté à Bukavu, chef-lieu du Sud-Kivu, après l'arrivée de colonnes armées venues du nord. Les habitants se sont réfugiés dans les églises en attendant la fin des affrontements.",
  },
  // Spanish
  {
    lang: 'es',
    text: 'Los insurgentes tomaron el control del paso fronterizo durante la madrugada, según fuentes militares, y las autoridades locales pidieron a la población que permanezca en sus casas hasta nuevo aviso.',
  },
  {
    lang: 'es',
    text: 'El gobierno negó que la capital provincial hubiera caído en manos de los rebeldes y aseguró que las fuerzas armadas mantienen sus posiciones alrededor del aeropuerto y del cuartel principal.',
  },
  // German
  {
    lang: 'de',
    text: 'Nach Angaben der Armee haben Aufständische in der Nacht einen wichtigen Grenzübergang eingenommen. Die Regierung bestätigte die Kämpfe, wollte sich aber nicht zur Lage in der Provinzhauptstadt äußern.',
  },
  {
    lang: 'de',
    text: 'Die Truppen zogen sich am Freitag aus der Stadt zurück, wie ein Sprecher des Verteidigungsministeriums mitteilte. Bewohner berichteten von Explosionen in der Nähe des Flughafens und der Brücke.',
  },
  // Portuguese
  {
    lang: 'pt',
    text: 'Os insurgentes atacaram a vila de Palma na quarta-feira à tarde e milhares de moradores fugiram para o mato, segundo as autoridades locais, que pediram reforços ao governo central em Maputo.',
  },
  {
    lang: 'pt',
    text: 'O exército anunciou que retomou o controlo da cidade depois de três dias de combates, mas os moradores dizem que ainda se ouvem tiros nos bairros periféricos durante a noite.',
  },
  // Italian
  {
    lang: 'it',
    text: "Secondo fonti locali, i miliziani hanno preso il controllo del valico di frontiera nella notte, mentre l'esercito si è ritirato verso il capoluogo della provincia senza opporre resistenza.",
  },
  // Dutch
  {
    lang: 'nl',
    text: 'Volgens het leger hebben rebellen de grensovergang in de nacht ingenomen. De regering bevestigde dat er werd gevochten, maar wilde niets zeggen over de toestand in de provinciehoofdstad.',
  },
  // Turkish
  {
    lang: 'tr',
    text: 'Yerel kaynaklara göre muhalif gruplar gece saatlerinde sınır kapısının kontrolünü ele geçirdi ve hükümet güçleri şehir merkezine doğru çekildi. Bölgede çatışmaların sürdüğü bildirildi.',
  },
  // Polish
  {
    lang: 'pl',
    text: 'Według wojska rebelianci w nocy przejęli kontrolę nad przejściem granicznym, a siły rządowe wycofały się do stolicy prowincji. Mieszkańcy mówią o wybuchach w pobliżu lotniska.',
  },
  // Indonesian
  {
    lang: 'id',
    text: 'Menurut sumber militer, kelompok bersenjata menyerang kota itu pada malam hari dan menguasai kantor polisi serta gedung pemerintah daerah sebelum pasukan tambahan tiba dari ibu kota provinsi.',
  },
  // Swahili
  {
    lang: 'sw',
    text: 'Wapiganaji waliingia katika mji huo usiku wa manane na kuchukua udhibiti wa kituo cha polisi, kwa mujibu wa maafisa wa serikali ya mkoa ambao walisema wanajeshi walirudi nyuma.',
  },
  // Somali
  {
    lang: 'so',
    text: 'Dagaalyahannada ayaa xalay la wareegay magaalada kadib dagaal culus oo ay la galeen ciidamada dowladda, sida ay sheegeen saraakiil maxalli ah iyo dadka deegaanka.',
  },
  // Hausa
  {
    lang: 'ha',
    text: 'Rahotanni sun ce mayakan sun kai hari a garin da daddare kuma sun kona ofishin yan sanda kafin sojoji su iso daga babban birnin jihar, a cewar mazauna yankin.',
  },
  // Arabic
  {
    lang: 'ar',
    text: 'قالت مصادر محلية إن المسلحين سيطروا على المعبر الحدودي ليلة أمس بعد اشتباكات عنيفة مع القوات الحكومية التي انسحبت باتجاه مركز المحافظة.',
  },
  {
    lang: 'ar',
    text: 'أعلن الجيش أنه استعاد السيطرة على المدينة بعد ثلاثة أيام من المعارك، بينما قال سكان إن إطلاق النار ما زال يسمع في الأحياء الشرقية.',
  },
  // Persian
  {
    lang: 'fa',
    text: 'به گفته مقام‌های محلی، جنگجویان دیشب کنترل گذرگاه مرزی را به دست گرفتند و نیروهای دولتی به سمت مرکز ولایت عقب‌نشینی کردند. ساکنان از شنیدن صدای انفجار خبر دادند.',
  },
  // Pashto
  {
    lang: 'ps',
    text: 'د سیمه ییزو چارواکو په وینا، وسله والو تیره شپه د پولې پر لاره واک ترلاسه کړ او دولتي ځواکونه د ولایت مرکز ته په شا شول. اوسیدونکو د چاودنو غږونه اوریدلي دي.',
  },
  // Urdu
  {
    lang: 'ur',
    text: 'مقامی حکام کے مطابق جنگجوؤں نے رات کے وقت سرحدی گزرگاہ پر قبضہ کر لیا اور سرکاری فوج صوبائی دارالحکومت کی طرف پیچھے ہٹ گئی۔ رہائشیوں نے دھماکوں کی آوازیں سنیں۔',
  },
  // Russian
  {
    lang: 'ru',
    text: 'По словам местных властей, боевики ночью взяли под контроль пограничный переход, а правительственные войска отступили к административному центру области. Жители сообщили о взрывах.',
  },
  // Ukrainian
  {
    lang: 'uk',
    text: 'За словами місцевої влади, війська вночі відійшли з міста, а в районі аеропорту було чути вибухи. Мешканців закликали залишатися в укриттях до окремого повідомлення.',
  },
  // Amharic
  {
    lang: 'am',
    text: 'የአካባቢው ባለስልጣናት እንደገለጹት ታጣቂዎቹ ትናንት ምሽት ከተማዋን ተቆጣጠሩ፤ የመንግስት ወታደሮች ወደ ክልሉ ዋና ከተማ አፈገፈጉ። ነዋሪዎች የፍንዳታ ድምጽ መስማታቸውን ተናግረዋል።',
  },
  // Chinese
  {
    lang: 'zh',
    text: '据当地官员说，武装分子昨晚控制了边境口岸，政府军撤向省会。居民说他们听到了爆炸声，许多家庭已经逃离。',
  },
  // too short to tell: must stay undetermined, not non-English
  { lang: undefined, text: 'Taliban seize Islam Qala' },
  { lang: undefined, text: 'Goma: M23 dans la ville' },
  { lang: undefined, text: 'Kherson retaken' },
];
