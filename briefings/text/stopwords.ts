/**
 * English function words left out of the index and of queries. `new` stays (New York),
 * `us` stays out (the country is rewritten to its own term before lowercasing).
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and or but nor of in on at to for by with from as into onto over under about
  above below after before during since until than then so if because while whereas though
  although is are was were be been being am do does did done doing has have had having will
  would shall should can could may might must it its it's itself this that these those there
  here he him his himself she her hers herself they them their theirs themselves we our ours
  ourselves you your yours i me my mine us who whom whose which what when where why how all
  any both each either neither few more most other others some such no not only own same too
  very just also yet still even ever again further once s t d ll m o re ve y via per upon
  said says say saying told tells according amid among amongst against between through
  throughout within without up down out off onto toward towards around across along behind
  beyond near`
    .split(/\s+/)
    .filter((word) => word !== ''),
);
