// The search page (tim-kiem/): runs the query and filters in the address through Pagefind and shows
// result cards. The index holds every word as written plus, after SEPARATOR, the search form of each
// word written otherwise (generator/search.py); queries are turned into search forms the same way.

export const SEPARATOR = "\u2063";
// The word at the end of every page (generator/search.py EVERY_PAGE): a listing without a query asks for it, since
// Pagefind asked for no word fetches every chunk of the word index.
const EVERY_PAGE = "ωωω";
const TONES = "\u0300\u0301\u0303\u0309\u0323";
// A tone on the second vowel of a final oa, oe or uy (not after q), in NFD: hoà → hòa, thuỷ → thủy.
const SECOND_VOWEL_TONE = new RegExp(
  `(?<![qQ])(?:([oO])([aAeE])|([uU])([yY]))([${TONES}])(?![\\p{L}\\p{N}\\p{M}_])`, "gu");
const PAGE_SIZE = 10;
const EXCERPT_WORDS = 30;
// A word as split at whitespace: the punctuation before it, the word, the punctuation after it ("(Triều)," →
// "(", "Triều", "),"); a highlight marks the word only.
const PUNCTUATED = /^([^\p{L}\p{N}\p{M}]*)(.*?)([^\p{L}\p{N}\p{M}]*)$/u;
const PARAMS = { "don-vi": "unit", "chu-de": "topic", dot: "campaign", nam: "year", nguoi: "participant" };
// Meta fields only shown, never ranked: the title as written (the searched "title" is in search forms).
const SHOWN_ONLY = { heading: 0, date: 0, unit: 0 };

/** How a word is looked up: NFC, đ written d, the tone of a final oa/oe/uy on its first vowel. */
export function searchForm(word) {
  return word.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
    .replace(SECOND_VOWEL_TONE, (match, o, a, u, y, tone) => (o ? o + tone + a : u + tone + y))
    .normalize("NFC");
}

/** A query as Pagefind gets it: NFC, one space between words, each word in its search form. */
export function searchQuery(text) {
  return text.normalize("NFC").split(/\s+/).filter(Boolean).map(searchForm).join(" ");
}

/** Letters only, no marks, đ as d, lower case: how a typed name is matched against the list of people. */
export function fold(text) {
  return searchForm(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * How a unit name typed in the unit box reads: its key, the rules of generator/unitnames.py applied to it
 * folded (``typed_unit_key``; ``rules`` are RegExps and replacements made from the page's), and its spelling,
 * words without punctuation (``typed_spelling``), for a name not yet typed whole. Empty when nothing is typed.
 */
export function unitForms(text, rules) {
  const key = rules.reduce((folded, [pattern, replacement]) => folded.replace(pattern, replacement), fold(text)).trim();
  const spelling = fold(text).replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return [...new Set([key, spelling])].filter(Boolean);
}

/** Whether a unit's ``forms`` hold one of the ``typed`` forms from the start of a word. */
export function offers(forms, typed) {
  return forms.some((form) => typed.some((text) => ` ${form}`.includes(` ${text}`)));
}

/**
 * The words of a result's text and which of them matched. Pagefind reports positions in the text
 * split at whitespace; a position after the separator is a variant, standing for the n-th word whose
 * search form differs from how it is written.
 */
export function matchedWords(content, locations) {
  const words = content.split(/[\r\n\s]+/g);
  const separator = words.indexOf(SEPARATOR);
  const end = separator < 0 ? words.length : separator;
  const owners = [];
  if (separator >= 0) {
    for (let index = 0; index < end; index += 1) {
      if (searchForm(words[index]) !== words[index]) owners.push(index);
    }
  }
  const marked = new Set();
  for (const location of locations) {
    const index = location < end ? location : owners[location - separator - 1];
    if (index !== undefined) marked.add(index);
  }
  return { words: words.slice(0, end), marked };
}

/**
 * The window of EXCERPT_WORDS words of the body (after the title) with the most different matched
 * words (so "Lê Việt Triều" beats "Lê … Lê"), the earliest of equals.
 */
export function excerptRange(words, marked, from) {
  const positions = [...marked].filter((index) => index >= from).sort((a, b) => a - b);
  let best = { start: from, count: 0 };
  for (const position of positions) {
    const start = Math.max(from, position - 3);
    const inside = positions.filter((index) => index >= start && index < start + EXCERPT_WORDS);
    const count = new Set(inside.map((index) => fold(words[index]).replace(/[^\p{L}\p{N}]/gu, ""))).size;
    if (count > best.count) best = { start, count };
  }
  return { start: best.start, end: Math.min(words.length, best.start + EXCERPT_WORDS) };
}

/**
 * A part of the index (an entry of parts.json: ``folder``, ``pages``, ``first`` and ``last`` days, ISO), its Pagefind
 * instance made on first use: Pagefind fetches a part's pf_meta as soon as its instance is made, so a part no search
 * has needed costs nothing.
 */
class Part {
  constructor(entry, open) {
    Object.assign(this, entry);
    this.open = open;
    this.instance = null;
  }

  get pagefind() {
    if (!this.instance) this.instance = this.open(this.folder);
    return this.instance;
  }

  search(query, options) {
    return this.pagefind.search(query, options);
  }

  options(options) {
    return this.pagefind.options(options);
  }
}

/**
 * The search index in the bundle at ``bundle``, for a site whose root is ``base`` (both URLs): its parts, newest
 * first (parts.json lists them: generator/indexer.py), each opened as a Pagefind instance, with the same options,
 * the first time a search needs it; ``firstBatch`` (a property of the list) is how many pages a query searches first
 * (``newestFirstSearch``).
 *
 * All run on the page's thread, where pagefind.js keeps one WebAssembly module for every instance it makes. A
 * part's folder has a stub in place of the WebAssembly file (12 bytes, not 68 KB): an instance fetches the file
 * of its folder, and pagefind.js takes it without a look once the module runs. So the loader, a one-page index
 * with the real file, is opened first and its module awaited; then the parts.
 */
export async function openIndex(bundle, base) {
  const pagefind = await import(new URL("pagefind.js", bundle).href);
  // Asked of the server every time: a republish replaces the list and removes the folders it no longer names.
  const listing = await (await fetch(new URL("parts.json", bundle), { cache: "no-cache" })).json();
  const open = (folder) => pagefind.createInstance({
    basePath: new URL(`${folder}/`, bundle).pathname,
    baseUrl: new URL(base).pathname,
    noWorker: true,
    metaCacheTag: folder, // a folder's name is a digest of what it holds: its files never change
    ranking: { metaWeights: SHOWN_ONLY },
  });
  await open(listing.loader).filters(); // resolves once the loader's WebAssembly runs
  const parts = listing.parts.map((entry) => new Part(entry, open));
  parts.firstBatch = listing.first_batch || Infinity;
  return parts;
}

/** One search in every part: its results, newest part's first, each with a key no other part's result has. */
async function searchParts(parts, query, options, answering = parts.map(() => true)) {
  const answers = await Promise.all(parts.map((part, index) => (answering[index] ? part.search(query, options) : null)));
  return answers.flatMap((answer, index) => (answer ? answer.results : [])
    .map((result) => ({ key: `${index} ${result.id}`, result })));
}

/**
 * Which parts may answer ``query`` (``answering``), and whether some part holds each of its words (``whole``). A
 * word Pagefind's index does not hold is not left out of a query: Pagefind looks for shorter words instead (``trieu``
 * finds ``trì``). In one index that happens to a word no bulletin holds; a part lacking a word other parts hold would
 * answer with such near misses, and one index would not. So a part answers only if it holds, whole, every word some
 * part holds whole (the word in quotes finds something there). The words' chunks are the ones the query fetches
 * anyway.
 */
async function partsAnswering(parts, query) {
  const words = query.split(" ");
  const holds = await Promise.all(parts.map((part) => Promise.all(words
    .map(async (word) => (await part.search(`"${word}"`)).results.length > 0))));
  const held = words.map((word, index) => holds.some((part) => part[index]));
  return {
    answering: holds.map((part) => part.every((holding, index) => holding || !held[index])),
    whole: held.every(Boolean),
  };
}

async function setOptions(parts, options) {
  await Promise.all(parts.map((part) => part.options(options)));
}

/** ``rankedSearch``'s results, and whether the parts hold every word of ``query`` (``partsAnswering``). */
async function rank(parts, query, filters) {
  const newestFirst = { filters, sort: { date: "desc" } };
  if (!query) return { results: (await searchParts(parts, EVERY_PAGE, newestFirst)).map((entry) => entry.result), whole: true };
  const { answering, whole } = await partsAnswering(parts, query);
  const byDate = await searchParts(parts, query, newestFirst, answering);
  await setOptions(parts, { exactDiacritics: true });
  const exact = await searchParts(parts, query, { filters }, (await partsAnswering(parts, query)).answering);
  await setOptions(parts, { exactDiacritics: false });
  const all = await searchParts(parts, query, { filters }, answering);
  const age = new Map(byDate.map((entry, position) => [entry.key, position]));
  const found = new Set(all.map((entry) => entry.key));
  const first = new Set(exact.map((entry) => entry.key).filter((key) => found.has(key)));
  const order = (entries) => entries
    .map((entry) => ({ result: entry.result, relevance: Number(entry.result.score.toPrecision(2)), age: age.get(entry.key) }))
    .sort((a, b) => b.relevance - a.relevance || a.age - b.age)
    .map((entry) => entry.result);
  return {
    results: [...order(exact.filter((entry) => first.has(entry.key))), ...order(all.filter((entry) => !first.has(entry.key)))],
    whole,
  };
}

/**
 * Results from the ``parts`` given: with no query, newest first (the parts cover successive dates, newest first).
 * Else exact-diacritic matches first, then the others; within each, by relevance, and newer first where relevance is
 * the same to two significant digits. (Relevance is each part's own: a word's rarity is counted within its part.)
 */
export async function rankedSearch(parts, query, filters) {
  return (await rank(parts, query, filters)).results;
}

/** The parts that may hold bulletins ``filters`` lets through: with a year, those whose days reach into it. */
export function partsFor(parts, filters) {
  const year = filters.year;
  return year ? parts.filter((part) => part.first.slice(0, 4) <= year && year <= part.last.slice(0, 4)) : parts;
}

/** Where the batch after ``parts[0, from)`` ends: the next parts holding together at most ``pages`` pages, at least one. */
export function batchEnd(parts, from, pages) {
  let end = Math.min(from + 1, parts.length);
  let total = end > from ? parts[from].pages : 0;
  while (end < parts.length && total + parts[end].pages <= pages) {
    total += parts[end].pages;
    end += 1;
  }
  return end;
}

/**
 * A search of the newest of ``parts`` first: those holding together at most ``firstBatch`` pages (at least one part),
 * ranked as ``rankedSearch`` ranks them. While they find fewer than ``enough`` results, or no part of them holds some
 * word of the query (Pagefind would answer with shorter words, which one index holding the word would not), the
 * next older parts holding as many pages again as those searched are added and the search runs again (the parts
 * searched already fetch nothing more), so the pages searched double each time: a rare word in the oldest bulletin
 * takes a few rounds, not one a part. Returns the results and how many of ``parts`` were searched.
 */
export async function newestFirstSearch(parts, query, filters, firstBatch, enough) {
  let searched = 0;
  let pages = 0;
  for (;;) {
    const end = batchEnd(parts, searched, Math.max(firstBatch, pages));
    for (const part of parts.slice(searched, end)) pages += part.pages;
    searched = end;
    const { results, whole } = await rank(parts.slice(0, searched), query, filters);
    if (searched >= parts.length || (whole && results.length >= enough)) return { results, searched };
  }
}

/** An ISO day as the site writes dates: 2024-03-01 → 01/03/2024. */
function shownDay(iso) {
  return iso.split("-").reverse().join("/");
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Words as text nodes, matched ones in <mark> without the punctuation around them: never parsed as HTML. */
function appendWords(parent, words, marked, offset) {
  words.forEach((word, index) => {
    if (index) parent.append(" ");
    if (!marked.has(offset + index)) {
      parent.append(word);
      return;
    }
    const [, before, core, after] = word.match(PUNCTUATED);
    parent.append(before, element("mark", "", core), after);
  });
}

function card(data, locations) {
  const titleWords = (data.meta.heading || "").split(" ");
  const { words, marked } = matchedWords(data.content, locations);
  const item = element("li", "search-result");
  const link = element("a", "search-result__title");
  link.href = data.url;
  appendWords(link, titleWords, marked, 0);
  const meta = element("div", "search-result__meta");
  meta.append(element("span", "search-result__date", data.meta.date || ""), " · ",
    element("span", "search-result__unit", data.meta.unit || ""));
  const range = excerptRange(words, marked, titleWords.length);
  const excerpt = element("p", "search-result__excerpt");
  if (range.start > titleWords.length) excerpt.append("… ");
  appendWords(excerpt, words.slice(range.start, range.end), marked, range.start);
  if (range.end < words.length) excerpt.append(" …");
  item.append(link, meta, excerpt);
  return item;
}

/**
 * The unit filter: a box where a unit's name is typed as newspapers write it, with or without diacritics,
 * offering the units it may mean (all of them, as a tree, when it is empty). The hidden select "don-vi"
 * holds the choice, and the rules and each unit's forms the box reads names by (SearchFilters.unit_box).
 */
class UnitBox {
  constructor(form) {
    this.select = form.elements["don-vi"];
    this.input = form.querySelector("[data-unit]");
    this.list = document.getElementById(this.input.getAttribute("aria-controls"));
    const box = JSON.parse(this.select.dataset.unitBox);
    this.rules = box.rules.map(([source, replacement]) => [new RegExp(source, "g"), replacement]);
    this.units = [...this.select.options].filter((option) => option.value)
      .map((option) => ({ id: option.value, name: option.textContent.trim(), ...box.units[option.value] }));
    this.note = "";
    this.committed = "";
    this.shown = [];
    this.active = -1;
    this.input.addEventListener("input", () => this.offer());
    this.input.addEventListener("focus", () => this.offer());
    this.input.addEventListener("blur", () => this.close());
    this.input.addEventListener("change", (event) => {
      // The browser's own change when the box is left after a pick: the choice is made, nothing to search again.
      if (this.input.value === this.committed) event.stopPropagation();
      else this.commit();
    });
    this.input.addEventListener("keydown", (event) => this.key(event));
    this.list.addEventListener("mousedown", (event) => event.preventDefault()); // the box keeps the focus
  }

  /** The box shows the unit the select holds (after the address was read). */
  show() {
    const unit = this.units.find((entry) => entry.id === this.select.value);
    this.input.value = unit ? unit.name : "";
    this.committed = this.input.value;
    this.note = "";
  }

  /** The select takes the unit the typed text names (any spelling); the note says when it names none or several. */
  commit() {
    const text = this.input.value.trim();
    const typed = unitForms(text, this.rules);
    const named = typed.length ? this.units.filter((unit) => unit.forms.some((form) => typed.includes(form))) : [];
    this.select.value = named.length === 1 ? named[0].id : "";
    if (named.length === 1) this.input.value = named[0].name;
    if (!typed.length || named.length === 1) this.note = "";
    else if (named.length) this.note = `“${text}” có thể là nhiều đơn vị: ${named.map((unit) => unit.name).join("; ")}. Hãy chọn một.`;
    else this.note = `Không có đơn vị nào tên “${text}”.`;
    this.committed = this.input.value;
  }

  pick(unit) {
    this.input.value = unit.name;
    this.close();
    this.input.dispatchEvent(new Event("change", { bubbles: true })); // commits, and the page searches
  }

  offer() {
    const typed = unitForms(this.input.value, this.rules);
    this.shown = typed.length ? this.units.filter((unit) => offers(unit.forms, typed)) : this.units;
    this.active = -1;
    this.list.replaceChildren(...this.shown.map((unit, index) => {
      const item = element("li", "", unit.name);
      item.id = `${this.list.id}-${index}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.style.setProperty("--depth", unit.depth);
      item.addEventListener("click", () => this.pick(unit));
      return item;
    }));
    this.list.hidden = !this.shown.length;
    this.input.setAttribute("aria-expanded", String(!this.list.hidden));
    this.input.removeAttribute("aria-activedescendant");
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  key(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (this.list.hidden) this.offer();
      this.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && !this.list.hidden && this.active >= 0) {
      event.preventDefault(); // picks the unit instead of sending the form
      this.pick(this.shown[this.active]);
    } else if (event.key === "Escape") {
      this.close();
    }
  }

  move(step) {
    if (!this.shown.length) return;
    this.active = (this.active + step + this.shown.length) % this.shown.length;
    [...this.list.children].forEach((item, index) => item.setAttribute("aria-selected", String(index === this.active)));
    const item = this.list.children[this.active];
    this.input.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  }
}

class SearchPage {
  constructor(form) {
    this.form = form;
    this.status = document.querySelector(".search-status");
    this.list = document.querySelector(".search-results");
    this.more = document.querySelector(".search-more");
    this.older = document.querySelector(".search-older");
    this.person = form.querySelector("[data-person]");
    this.personSlug = form.querySelector('input[name="nguoi"]');
    this.unit = new UnitBox(form);
    this.people = [...document.querySelectorAll("#search-people option")]
      .map((option) => ({ label: option.value, slug: option.dataset.slug, key: fold(option.value) }));
    this.queue = Promise.resolve();
    this.generation = 0;
    this.results = [];
    this.shown = 0;
  }

  async start() {
    // Words typed while the index loads are searched once it is there, not lost.
    let typedEarly = false;
    const early = () => { typedEarly = true; };
    this.form.q.addEventListener("input", early);
    this.parts = await openIndex(new URL(this.form.dataset.bundle, document.baseURI),
      new URL(this.form.dataset.base, document.baseURI));
    this.form.q.removeEventListener("input", early);
    const typed = this.form.q.value;
    this.readAddress();
    if (typedEarly) {
      this.form.q.value = typed;
      this.changed(false);
    }
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.changed(true); });
    this.form.addEventListener("change", () => this.changed(true));
    let typing;
    this.form.q.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => this.changed(false), 300); });
    this.more.querySelector("button").addEventListener("click", () => this.showMore(this.generation));
    this.older.querySelector("button").addEventListener("click", () => {
      this.status.focus(); // the button goes: the status says what is found
      this.run(this.note, true);
    });
    window.addEventListener("popstate", () => this.readAddress());
  }

  readAddress() {
    const params = new URLSearchParams(location.search);
    this.form.q.value = params.get("q") || "";
    for (const name of Object.keys(PARAMS)) {
      if (name === "nguoi") continue;
      const select = this.form.elements[name];
      select.value = params.get(name) || "";
      if (select.selectedIndex < 0) select.value = "";
    }
    this.unit.show();
    const person = this.people.find((entry) => entry.slug === params.get("nguoi"));
    this.personSlug.value = person ? person.slug : "";
    this.person.value = person ? person.label : "";
    for (const box of document.querySelectorAll(".bulletins-search-box__input")) box.value = this.form.q.value;
    this.run();
  }

  /** The person typed or picked, matched without diacritics; sets the hidden slug. A note when none is named. */
  resolvePerson() {
    const typed = fold(this.person.value);
    const person = typed ? this.people.find((entry) => entry.key === typed) : undefined;
    this.personSlug.value = person ? person.slug : "";
    return !typed || person ? "" : `Không có người tham dự nào tên “${this.person.value.trim()}”.`;
  }

  changed(remember) {
    const notes = [this.unit.note, this.resolvePerson()].filter(Boolean).join(" ");
    const params = new URLSearchParams();
    if (this.form.q.value.trim()) params.set("q", this.form.q.value.trim());
    for (const name of Object.keys(PARAMS)) {
      const value = name === "nguoi" ? this.personSlug.value : this.form.elements[name].value;
      if (value) params.set(name, value);
    }
    const address = `${location.pathname}${params.toString() ? `?${params}` : ""}`;
    if (remember && address !== `${location.pathname}${location.search}`) history.pushState(null, "", address);
    else history.replaceState(null, "", address);
    this.run(notes);
  }

  /**
   * Search and show the first results: in the newest parts first (``newestFirstSearch``), or with ``everything`` in
   * every part the filters may need. When older parts are left, the status says which days were searched and the
   * button "Tìm cả các bản tin cũ hơn" searches them all.
   */
  run(note = "", everything = false) {
    const generation = ++this.generation;
    this.note = note;
    const text = this.form.q.value.trim();
    const filters = {};
    for (const [name, filter] of Object.entries(PARAMS)) {
      const value = name === "nguoi" ? this.personSlug.value : this.form.elements[name].value;
      if (value) filters[filter] = value;
    }
    this.list.replaceChildren();
    this.more.hidden = true;
    this.older.hidden = true;
    const query = searchQuery(text);
    if (!query && !Object.keys(filters).length) {
      this.status.textContent = note || "Nhập từ khóa (có dấu hoặc không dấu) hoặc chọn bộ lọc.";
      return;
    }
    this.status.textContent = "Đang tìm…";
    this.queue = this.queue.then(async () => {
      if (generation !== this.generation) return;
      const parts = partsFor(this.parts, filters);
      const { results, searched } = everything ? { results: await rankedSearch(parts, query, filters), searched: parts.length }
        : await newestFirstSearch(parts, query, filters, query ? this.parts.firstBatch : 0, PAGE_SIZE);
      if (generation !== this.generation) return;
      this.results = results;
      this.shown = 0;
      await this.showMore(generation);
      if (generation !== this.generation) return;
      let what = text ? ` cho “${text}”` : "";
      if (searched < parts.length) {
        const until = parts[0] === this.parts[0] ? "đến nay" : `đến ${shownDay(parts[0].last)}`;
        what += ` từ ${shownDay(parts[searched - 1].first)} ${until}`;
      }
      this.status.textContent = `${note} ${results.length ? `Tìm thấy ${results.length} bản tin${what}.`
        : `Không tìm thấy bản tin nào${what}.`}`.trim();
      this.older.hidden = searched >= parts.length;
    }).catch((error) => {
      this.status.textContent = "Không tìm được: chỉ mục tìm kiếm chưa sẵn sàng.";
      console.error("search:", error);
    });
  }

  async showMore(generation) {
    const slice = this.results.slice(this.shown, this.shown + PAGE_SIZE);
    const loaded = await Promise.all(slice.map(async (result) => [await result.data(), result.words]));
    if (generation !== this.generation) return;
    for (const [data, locations] of loaded) this.list.append(card(data, locations));
    this.shown += slice.length;
    this.more.hidden = this.shown >= this.results.length;
  }
}

const form = document.querySelector("[data-search]");
if (form && Number(form.dataset.total) > 0) {
  new SearchPage(form).start().catch((error) => {
    document.querySelector(".search-status").textContent = "Không tải được chỉ mục tìm kiếm.";
    console.error("search:", error);
  });
}
