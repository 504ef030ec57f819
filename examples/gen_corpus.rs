//! Writes a synthetic portal of any size, for measuring shishi at national scale.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --cities 300 --years 10 --projects 40 --out DIR
//! ```
//!
//! `DIR/content/` gets a `site.yaml`, a jurisdiction tree (provinces grouping prefectures,
//! counties and districts under some prefectures) and, for each of the `--cities`
//! jurisdictions with lists, `--years` consecutive year files ending with `--last-year`. A
//! year lists `--projects` top-level projects give or take a few: years vary in pairs (one
//! gets a few more, the next as many fewer), so the corpus holds exactly cities x years x
//! projects top-level projects, plus sub-items under some umbrella projects. The text is
//! Chinese built from vocabularies of real pledge lists, at the lengths real lists have;
//! names, places and figures are invented. docs/performance.md describes the result.
//!
//! The same arguments always give byte-identical files: the generator has its own PRNG
//! (SplitMix64) and draws only integers, so the output depends on no crate's algorithm and on
//! no platform's floating point. Each city and year draws from its own stream derived from the
//! seed, so what one city gets never depends on how much was drawn for the cities before it.
//!
//! Files are written one at a time, and only one city's previous year is kept (for the
//! `continues` links), so memory stays flat however large the corpus.

// The portal's own vocabulary, so generated files can only use statuses shishi reads.
use shishi::vocab::Status;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// What to generate. `generate` is the whole generator; `main` only parses arguments.
#[derive(Debug, Clone)]
pub struct Options {
    /// Jurisdictions with year files (prefectures, counties, districts); the provinces that
    /// group them come on top.
    pub cities: usize,
    pub years: usize,
    /// Top-level projects per year file, on average.
    pub projects: usize,
    /// The portal folder: files go to `<out>/content/`.
    pub out: PathBuf,
    pub seed: u64,
    /// The last year written, treated as the year under way: its projects are reported as
    /// of late September or October, so their statuses are mixed.
    pub last_year: i32,
    /// Replace an existing `<out>/content/` instead of refusing.
    pub force: bool,
}

impl Options {
    pub fn new(cities: usize, years: usize, projects: usize, out: impl Into<PathBuf>) -> Self {
        Options {
            cities,
            years,
            projects,
            out: out.into(),
            seed: 1,
            last_year: 2025,
            force: false,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub files: u64,
    /// `city.yaml` files, provinces included.
    pub jurisdictions: u64,
    /// Jurisdictions with year files.
    pub cities: u64,
    pub year_files: u64,
    /// Top-level projects: exactly cities x years x projects.
    pub projects: u64,
    /// Projects with a `parent`, on top of the top-level ones.
    pub sub_items: u64,
    pub bytes: u64,
}

#[derive(clap::Parser)]
#[command(about = "Writes a synthetic shishi portal for benchmarks")]
struct Args {
    /// Jurisdictions with year files (provinces grouping them are added)
    #[arg(long)]
    cities: usize,
    /// Consecutive years per city
    #[arg(long)]
    years: usize,
    /// Top-level projects per year, on average
    #[arg(long)]
    projects: usize,
    /// Portal folder; files go to DIR/content/
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The last (current) year
    #[arg(long, default_value_t = 2025)]
    last_year: i32,
    /// Replace DIR/content/ if it exists
    #[arg(long)]
    force: bool,
}

fn main() {
    let args = <Args as clap::Parser>::parse();
    let opts = Options {
        cities: args.cities,
        years: args.years,
        projects: args.projects,
        out: args.out,
        seed: args.seed,
        last_year: args.last_year,
        force: args.force,
    };
    let start = std::time::Instant::now();
    match generate(&opts) {
        Ok(s) => println!(
            "wrote {} files ({} jurisdictions, {} with lists, {} year files): {} projects \
             and {} sub-items, {} bytes ({:.1} MiB) in {:.2} s",
            s.files,
            s.jurisdictions,
            s.cities,
            s.year_files,
            s.projects,
            s.sub_items,
            s.bytes,
            s.bytes as f64 / 1_048_576.0,
            start.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(1);
        }
    }
}

pub fn generate(opts: &Options) -> io::Result<Stats> {
    let invalid = |msg: String| io::Error::new(io::ErrorKind::InvalidInput, msg);
    // Bounds keep every file well under shishi's size limit and the name pools from running
    // dry; they are far beyond any real portal.
    if !(1..=100_000).contains(&opts.cities) {
        return Err(invalid("--cities must be from 1 to 100000".into()));
    }
    if !(1..=1000).contains(&opts.projects) {
        return Err(invalid("--projects must be from 1 to 1000".into()));
    }
    let first_year = opts.last_year - opts.years as i32 + 1;
    if opts.years == 0 || first_year < 1950 || opts.last_year > 2099 {
        return Err(invalid(
            "--years and --last-year must give years from 1950 to 2099".into(),
        ));
    }
    let content = opts.out.join("content");
    if content.exists() {
        if !opts.force {
            return Err(invalid(format!(
                "{} exists; remove it or pass --force",
                content.display()
            )));
        }
        std::fs::remove_dir_all(&content)?;
    }
    std::fs::create_dir_all(&content)?;

    let tree = build_tree(opts);
    let mut out = Output {
        stats: Stats::default(),
        buf: String::with_capacity(1 << 16),
    };
    write_site(opts, &mut out);
    out.flush(&content.join("site.yaml"))?;
    for (i, place) in tree.iter().enumerate() {
        std::fs::create_dir(content.join(&place.slug))?;
        write_city(opts, &tree, i, &mut out);
        out.flush(&content.join(&place.slug).join("city.yaml"))?;
        out.stats.jurisdictions += 1;
    }
    for (i, place) in tree.iter().enumerate().filter(|(_, p)| p.lists) {
        let dir = content.join(&place.slug);
        CityGen::new(opts, &tree, i).write_years(&dir, &mut out)?;
        out.stats.cities += 1;
    }
    Ok(out.stats)
}

/// One file's text at a time, then written out and counted.
struct Output {
    stats: Stats,
    buf: String,
}

impl Output {
    fn flush(&mut self, path: &Path) -> io::Result<()> {
        std::fs::write(path, self.buf.as_bytes())?;
        self.stats.files += 1;
        self.stats.bytes += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Randomness

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a bijective mix of all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast, and good enough for text.
struct Rng(u64);

impl Rng {
    /// An independent stream for (`a`, `b`) under `seed`, e.g. one per city and year.
    fn derive(seed: u64, a: u64, b: u64) -> Rng {
        Rng(mix(
            seed ^ mix(a.wrapping_mul(GOLDEN) ^ mix(b.wrapping_add(GOLDEN)))
        ))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in `0..n` by multiply-and-shift (Lemire); the tiny bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`; `lo` when the range is empty.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + ((u128::from(self.next()) * (hi - lo + 1) as u128) >> 64) as i64
    }

    /// True `p` times in a hundred.
    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index drawn with probability proportional to its weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

// Stream tags, so that no two purposes share a stream.
const TAG_TREE: u64 = 1;
const TAG_CITY: u64 = 2;
const TAG_YEAR: u64 = 3;
const TAG_PLACE: u64 = 4;
const TAG_COUNTS: u64 = 5;

// ---------------------------------------------------------------------------------------
// The jurisdiction tree

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Province,
    Prefecture,
    County,
    /// A county-level city (县级市): level `county`, but named 市.
    CountyCity,
    District,
}

impl Level {
    fn key(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County | Level::CountyCity => "county",
            Level::District => "district",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Level::Province => "省",
            Level::Prefecture | Level::CountyCity => "市",
            Level::County => "县",
            Level::District => "区",
        }
    }

    /// Scale of a year's figures against a prefecture's, in tenths.
    fn scale(self) -> i64 {
        match self {
            Level::Province | Level::Prefecture => 10,
            Level::County | Level::CountyCity => 5,
            Level::District => 4,
        }
    }
}

struct Place {
    slug: String,
    /// The name without its suffix: 青阳 of 青阳市.
    core: String,
    pinyin: String,
    level: Level,
    parent: Option<usize>,
    children: Vec<usize>,
    admin_code: Option<String>,
    /// Whether it has year files; provinces only group.
    lists: bool,
}

impl Place {
    fn name(&self) -> String {
        format!("{}{}", self.core, self.level.suffix())
    }

    fn english(&self) -> String {
        let mut en = String::with_capacity(self.pinyin.len() + 9);
        let mut chars = self.pinyin.chars();
        en.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        en.extend(chars);
        match self.level {
            Level::County => en.push_str(" County"),
            Level::District => en.push_str(" District"),
            _ => {}
        }
        en
    }

    /// The level word departments and councils are named with: 市教育局, 县人大常委会.
    fn prefix(&self) -> &'static str {
        match self.level {
            Level::County => "县",
            Level::District => "区",
            _ => "市",
        }
    }
}

/// Names never repeat in a corpus, nor do slugs (two names can share a pinyin spelling).
#[derive(Default)]
struct Names {
    cores: HashSet<String>,
    slugs: HashSet<String>,
}

impl Names {
    /// A new place name core and its pinyin; the slug is the pinyin, under `within` for a
    /// county or district (`zhuhai-jinwan`, as in the sample portal).
    fn fresh(&mut self, rng: &mut Rng, within: Option<&str>) -> (String, String, String) {
        for attempt in 0.. {
            // Two characters, as most place names have; three once two get crowded.
            let mut picks = vec![rng.pick(NAME_FIRST), rng.pick(NAME_LAST)];
            if attempt >= 40 {
                picks.insert(1, rng.pick(NAME_FIRST));
            }
            let core: String = picks.iter().map(|(c, _)| *c).collect();
            if core.chars().collect::<HashSet<_>>().len() != picks.len() {
                continue;
            }
            let pinyin: String = picks.iter().map(|(_, p)| *p).collect();
            let slug = match within {
                Some(parent) => format!("{parent}-{pinyin}"),
                None => pinyin.clone(),
            };
            // shishi keeps a few top-level folder names for its own pages.
            if RESERVED_SLUGS.contains(&slug.as_str())
                || self.cores.contains(&core)
                || self.slugs.contains(&slug)
            {
                continue;
            }
            self.cores.insert(core.clone());
            self.slugs.insert(slug.clone());
            return (core, pinyin, slug);
        }
        unreachable!()
    }
}

/// Provinces, prefectures and counties in the proportions of a national portal: three
/// quarters of small portals are prefectures; past the 333 prefectures China has, the rest
/// are counties and districts. Provinces group about ten prefectures each, up to 31.
fn build_tree(opts: &Options) -> Vec<Place> {
    let mut rng = Rng::derive(opts.seed, TAG_TREE, 0);
    let n = opts.cities;
    let prefectures = (n * 3).div_ceil(4).clamp(1, 333);
    let counties = n - prefectures;
    let provinces = prefectures.div_ceil(10).clamp(1, PROVINCE_CODES.len());
    let mut names = Names::default();
    let mut places: Vec<Place> = Vec::with_capacity(provinces + n);
    for &code in &PROVINCE_CODES[..provinces] {
        let (core, pinyin, slug) = names.fresh(&mut rng, None);
        places.push(Place {
            slug,
            core,
            pinyin,
            level: Level::Province,
            parent: None,
            children: Vec::new(),
            admin_code: Some(format!("{code}0000")),
            lists: false,
        });
    }
    for j in 0..prefectures {
        // Every province gets one, the rest fall where they fall, as unevenly as real ones.
        let parent = if j < provinces {
            j
        } else {
            rng.below(provinces)
        };
        let (core, pinyin, slug) = names.fresh(&mut rng, None);
        add_child(&mut places, parent, core, pinyin, slug, Level::Prefecture);
    }
    for _ in 0..counties {
        let parent = provinces + rng.below(prefectures);
        let level =
            [Level::County, Level::CountyCity, Level::District][rng.weighted(&[60, 15, 25])];
        let (core, pinyin, slug) = names.fresh(&mut rng, Some(&places[parent].slug));
        add_child(&mut places, parent, core, pinyin, slug, level);
    }
    places
}

fn add_child(
    places: &mut Vec<Place>,
    parent: usize,
    core: String,
    pinyin: String,
    slug: String,
    level: Level,
) {
    let index = places[parent].children.len() + 1;
    // Codes give two digits to each level; a hundredth child simply goes without one.
    let admin_code = places[parent]
        .admin_code
        .as_ref()
        .filter(|_| index < 100)
        .map(|c| match level {
            Level::Prefecture => format!("{}{index:02}00", &c[..2]),
            _ => format!("{}{index:02}", &c[..4]),
        });
    let id = places.len();
    places[parent].children.push(id);
    places.push(Place {
        slug,
        core,
        pinyin,
        level,
        parent: Some(parent),
        children: Vec::new(),
        admin_code,
        lists: true,
    });
}

// ---------------------------------------------------------------------------------------
// site.yaml and city.yaml

fn header(out: &mut String, opts: &Options) {
    out.push_str(&format!(
        "# Synthetic content written by gen_corpus (seed {}); no real jurisdiction or pledge.\n",
        opts.seed
    ));
}

fn write_site(opts: &Options, out: &mut Output) {
    let b = &mut out.buf;
    header(b, opts);
    b.push_str("title: {zh-Hans: 为民办实事追踪（测试语料）, en: Livelihood Pledge Tracker (test corpus)}\n");
    b.push_str("base_url: https://example.org/\n");
    b.push_str("language: zh-Hans\n");
    b.push_str(&format!(
        "description: 本站内容由程序按随机种子{}生成，城市、项目、单位和数字均为虚构，只用于测试和性能评估，不代表任何地方的真实情况。\n",
        opts.seed
    ));
    b.push_str("license:\n");
    b.push_str("  name: {zh-Hans: 知识共享署名 4.0 国际许可协议(CC BY 4.0), en: Creative Commons Attribution 4.0 (CC BY 4.0)}\n");
    b.push_str("  url: https://creativecommons.org/licenses/by/4.0/\n");
    b.push_str("domains:\n");
    for d in DOMAINS {
        b.push_str(&format!(
            "  - id: {}\n    name: {{zh-Hans: {}, en: {}}}\n",
            d.id, d.zh, d.en
        ));
    }
}

fn write_city(opts: &Options, tree: &[Place], index: usize, out: &mut Output) {
    let place = &tree[index];
    let b = &mut out.buf;
    header(b, opts);
    b.push_str(&format!(
        "name: {{zh-Hans: {}, en: {}}}\nlevel: {}\n",
        place.name(),
        place.english(),
        place.level.key()
    ));
    if let Some(parent) = place.parent {
        b.push_str(&format!("parent: {}\n", tree[parent].slug));
    }
    if let Some(code) = &place.admin_code {
        b.push_str(&format!("admin_code: \"{code}\"\n"));
    }
    // Some cities say how they publish their lists, as the sample's Quanzhou does.
    if place.lists && Rng::derive(opts.seed, TAG_PLACE, index as u64).percent(30) {
        b.push_str(&format!(
            "description: {}每年年初向社会公布为民办实事项目清单，年中通报进展，年底公布完成情况，接受人大代表和群众监督。\n",
            place.name()
        ));
    }
}

// ---------------------------------------------------------------------------------------
// Dates, as ordinals within their year (1 = 1 January)

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn year_len(y: i32) -> i64 {
    if leap(y) {
        366
    } else {
        365
    }
}

fn month_len(y: i32, m: i64) -> i64 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn month_day(y: i32, ordinal: i64) -> (i64, i64) {
    let (mut m, mut d) = (1, ordinal);
    while m < 12 && d > month_len(y, m) {
        d -= month_len(y, m);
        m += 1;
    }
    (m, d)
}

fn month_end(y: i32, m: i64) -> i64 {
    (1..=m).map(|k| month_len(y, k)).sum()
}

fn iso(y: i32, ordinal: i64) -> String {
    let (m, d) = month_day(y, ordinal);
    format!("{y}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------------------------------
// Statuses and how a project's year unfolds

/// What the generator needs of a status beyond the vocabulary.
trait Carried {
    fn carried(self) -> bool;
}

impl Carried for Status {
    /// Left unfinished at the end of its year, so next year's list likely carries it on.
    fn carried(self) -> bool {
        matches!(
            self,
            Status::InProgress
                | Status::Stalled
                | Status::PartiallyCompleted
                | Status::NotCompleted
        )
    }
}

/// What really happened to a project over its year; the updates written are a sample of it,
/// and the year's snapshots count it, so the figures agree with the list.
struct Plan {
    status: Status,
    start: Option<i64>,
    done: Option<i64>,
    /// Date of the latest report on the project, which its last update carries.
    last: Option<i64>,
    /// Progress at `last`, in percent.
    progress: Option<i64>,
    /// When the work would reach 100% at its pace: progress on earlier dates is read off it.
    finish: i64,
    deadline: Option<i64>,
}

impl Plan {
    fn progress_at(&self, t: i64) -> Option<i64> {
        let start = self.start.filter(|s| t >= *s)?;
        Some(((t - start) * 100 / (self.finish - start).max(1)).clamp(1, 97))
    }

    fn started_by(&self, t: i64) -> bool {
        self.start.is_some_and(|s| s <= t)
            && !matches!(self.status, Status::NotYetRated | Status::Unverifiable)
    }

    fn completed_by(&self, t: i64) -> bool {
        self.done.is_some_and(|d| d <= t)
    }
}

/// Schedule as shishi derives it (src/vocab.rs, src/dates.rs): more than five points above or
/// below the share of the time to the deadline that has passed. Integer arithmetic, exact.
fn schedule(progress: i64, t: i64, deadline: i64) -> &'static str {
    let elapsed = 100 * t.min(deadline);
    if progress * deadline > elapsed + 5 * deadline {
        "ahead"
    } else if progress * deadline < elapsed - 5 * deadline {
        "behind"
    } else {
        "on_track"
    }
}

// ---------------------------------------------------------------------------------------
// Cities and years

/// A project of the previous year, which this year's may continue.
struct Prev {
    theme: usize,
    id: String,
    /// Left unfinished, so this year's list most likely carries it on.
    open: bool,
    /// Already continued by a project of this year: a project is continued at most once.
    taken: bool,
}

struct CityGen<'a> {
    opts: &'a Options,
    place: &'a Place,
    index: usize,
    /// Counties (of a prefecture) or towns (of a county or district) that `districts` names.
    areas: Vec<String>,
    /// How this city titles its lists; kept from year to year as real cities do.
    title_style: usize,
}

impl<'a> CityGen<'a> {
    fn new(opts: &'a Options, tree: &'a [Place], index: usize) -> Self {
        let place = &tree[index];
        let mut rng = Rng::derive(opts.seed, TAG_CITY, index as u64);
        let mut areas: Vec<String> = place.children.iter().map(|&c| tree[c].name()).collect();
        let want = rng.range(4, 8) as usize;
        let mut seen: HashSet<String> = areas.iter().cloned().collect();
        while areas.len() < want {
            let (a, _) = rng.pick(NAME_FIRST);
            let (b, _) = rng.pick(NAME_LAST);
            let suffix = match place.level {
                Level::Prefecture => rng.pick(&["区", "县", "县"]),
                _ => rng.pick(&["镇", "镇", "乡", "街道"]),
            };
            let name = format!("{a}{b}{suffix}");
            if a != b && seen.insert(name.clone()) {
                areas.push(name);
            }
        }
        CityGen {
            opts,
            place,
            index,
            areas,
            title_style: rng.below(3),
        }
    }

    fn write_years(&self, dir: &Path, out: &mut Output) -> io::Result<()> {
        let opts = self.opts;
        let p = opts.projects as i64;
        // Lists vary in length from year to year; pairs of years balance out so the corpus
        // holds exactly cities x years x projects top-level projects.
        let mut rng = Rng::derive(opts.seed, TAG_COUNTS, self.index as u64);
        let spread = (p / 10).min(3);
        let mut counts = vec![p; opts.years];
        for pair in counts.chunks_mut(2) {
            if let [a, b] = pair {
                let d = rng.range(-spread, spread);
                *a = p + d;
                *b = p - d;
            }
        }
        let first = opts.last_year - opts.years as i32 + 1;
        let mut prev = Vec::new();
        for (k, year) in (first..=opts.last_year).enumerate() {
            let mut gen = YearGen::new(self, year);
            prev = gen.write(counts[k] as usize, std::mem::take(&mut prev), &mut out.buf);
            out.stats.projects += counts[k] as u64;
            out.stats.sub_items += gen.sub_items;
            out.flush(&dir.join(format!("{year}.yaml")))?;
            out.stats.year_files += 1;
        }
        Ok(())
    }
}

/// A slot of the year's list: a themed project, or an umbrella with themed sub-items.
enum Slot {
    /// `carried`: chosen because last year's project of the theme was left unfinished.
    Project {
        theme: usize,
        carried: bool,
    },
    Umbrella {
        domain: usize,
        children: Vec<usize>,
    },
}

impl Slot {
    fn order(&self) -> (usize, usize) {
        match self {
            Slot::Project { theme, .. } => (THEMES[*theme].domain, theme + 1),
            Slot::Umbrella { domain, .. } => (*domain, 0),
        }
    }
}

#[derive(Default)]
struct Tally {
    total: u32,
    completed: u32,
    mid_started: u32,
    mid_completed: u32,
    ahead: u32,
    on_track: u32,
    behind: u32,
    not_started: u32,
    /// Planned budgets, in tenths of 万元.
    budget: i64,
    domains: Vec<usize>,
}

struct YearGen<'a> {
    city: &'a CityGen<'a>,
    year: i32,
    ylen: i64,
    /// The date the current year is reported to; `None` for a past year.
    as_of: Option<i64>,
    rng: Rng,
    ids: HashSet<String>,
    list_source: String,
    /// The mid-year report, when there is one, and the last date it covers.
    mid_source: Option<(String, i64)>,
    /// The year-end account, or for the current year the latest progress report.
    last_source: String,
    sub_items: u64,
}

impl<'a> YearGen<'a> {
    fn new(city: &'a CityGen<'a>, year: i32) -> Self {
        let opts = city.opts;
        let mut rng = Rng::derive(
            opts.seed,
            TAG_YEAR,
            ((city.index as u64) << 16) | year as u64,
        );
        let as_of = (year == opts.last_year).then(|| month_end(year, rng.pick(&[9, 10])));
        let mid_source = rng
            .percent(70)
            .then(|| (format!("mid-{year}"), month_end(year, 6)));
        let last_source = match as_of {
            None => format!("final-{year}"),
            Some(_) => format!("progress-{year}"),
        };
        YearGen {
            city,
            year,
            ylen: year_len(year),
            as_of,
            rng,
            ids: HashSet::new(),
            list_source: format!("list-{year}"),
            mid_source,
            last_source,
            sub_items: 0,
        }
    }

    /// A project id unused in this file: the theme's, then `-2`, `-3`.
    fn unique_id(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut k = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{k}");
            k += 1;
        }
        id
    }

    /// Writes the year file into `out`; returns its projects for the next year to continue.
    fn write(&mut self, count: usize, mut prev: Vec<Prev>, out: &mut String) -> Vec<Prev> {
        let slots = self.choose(count, &prev);
        let mut next = Vec::with_capacity(count);
        let mut tally = Tally::default();
        let mut body = String::with_capacity(count * 1500);
        for slot in &slots {
            match slot {
                Slot::Project { theme, carried } => {
                    let link = prev.iter_mut().find(|p| p.theme == *theme && !p.taken);
                    let continues = match link {
                        Some(p) if (p.open && *carried) || self.rng.percent(25) => {
                            p.taken = true;
                            Some(format!("{}/{}", self.year - 1, p.id))
                        }
                        _ => None,
                    };
                    let resumed = continues.is_some() && *carried;
                    let id = self.unique_id(THEMES[*theme].id);
                    let link = Link {
                        parent: None,
                        continues,
                        resumed,
                    };
                    let Made { plan, budget, .. } = self.project(*theme, &id, link, &mut body);
                    tally.budget += budget;
                    self.count(&plan, &mut tally);
                    if !tally.domains.contains(&THEMES[*theme].domain) {
                        tally.domains.push(THEMES[*theme].domain);
                    }
                    next.push(Prev {
                        theme: *theme,
                        id,
                        open: plan.status.carried(),
                        taken: false,
                    });
                }
                Slot::Umbrella { domain, children } => {
                    let plan = self.umbrella(*domain, children, &mut body, &mut tally.budget);
                    self.count(&plan, &mut tally);
                    if !tally.domains.contains(domain) {
                        tally.domains.push(*domain);
                    }
                }
            }
        }
        self.head(count, &tally, out);
        out.push_str("projects:\n");
        out.push_str(&body);
        next
    }
}

/// How a project relates to others: its umbrella, and the earlier project it continues
/// (`resumed` when that one was left unfinished).
struct Link {
    parent: Option<String>,
    continues: Option<String>,
    resumed: bool,
}

/// A project as written, for the umbrella over it and the year's counts.
struct Made {
    plan: Plan,
    /// Planned budget in tenths of 万元; 0 when the project states none.
    budget: i64,
    title: String,
}

struct Target {
    metric: &'static str,
    unit: &'static str,
    dec: u32,
    target: Option<i64>,
    actual: Option<i64>,
    /// Attainment the report printed, in tenths of a percent.
    percent: Option<i64>,
}

impl<'a> YearGen<'a> {
    /// Picks the year's themes: most of last year's unfinished projects carry on, the rest
    /// are drawn by domain weight; a few slots become umbrellas over sub-items.
    fn choose(&mut self, count: usize, prev: &[Prev]) -> Vec<Slot> {
        let mut chosen: Vec<(usize, bool)> = Vec::with_capacity(count);
        for p in prev {
            if p.open
                && chosen.len() < count
                && self.rng.percent(85)
                && !chosen.iter().any(|c| c.0 == p.theme)
            {
                chosen.push((p.theme, true));
            }
        }
        let mut pool: Vec<usize> = Vec::new();
        while chosen.len() < count {
            if pool.is_empty() {
                // Past the number of themes a list repeats themes, under `-2` ids.
                let all = chosen.len() >= THEMES.len();
                pool = (0..THEMES.len())
                    .filter(|t| all || !chosen.iter().any(|c| c.0 == *t))
                    .collect();
            }
            let weights: Vec<u32> = pool
                .iter()
                .map(|&t| DOMAINS[THEMES[t].domain].weight)
                .collect();
            let i = self.rng.weighted(&weights);
            chosen.push((pool.swap_remove(i), false));
        }
        let mut slots: Vec<Slot> = chosen
            .iter()
            .map(|&(theme, carried)| Slot::Project { theme, carried })
            .collect();
        // About one umbrella in thirty projects, as in the sample portal's lists.
        let umbrellas = (count + self.rng.below(30)) / 30;
        let mut domains_taken = Vec::new();
        for _ in 0..umbrellas {
            let i = self.rng.below(slots.len());
            let Slot::Project {
                theme,
                carried: false,
            } = slots[i]
            else {
                continue;
            };
            let domain = THEMES[theme].domain;
            if domains_taken.contains(&domain) {
                continue;
            }
            let mut spare: Vec<usize> = (0..THEMES.len())
                .filter(|&t| THEMES[t].domain == domain && !chosen.iter().any(|c| c.0 == t))
                .collect();
            if spare.is_empty() {
                continue;
            }
            let extra = self.rng.range(1, spare.len().min(3) as i64) as usize;
            let mut children = vec![theme];
            for _ in 0..extra {
                let k = self.rng.below(spare.len());
                children.push(spare.swap_remove(k));
            }
            domains_taken.push(domain);
            slots[i] = Slot::Umbrella { domain, children };
        }
        slots.sort_by_key(Slot::order);
        slots
    }

    /// What happens to one project over the year.
    fn plan(&mut self) -> Plan {
        let rng = &mut self.rng;
        let (year, ylen) = (self.year, self.ylen);
        let mut start = rng.range(10, 150);
        let mut deadline = None;
        if rng.percent(12) {
            let d = month_end(year, rng.pick(&[6, 9, 11]));
            if d > start + 60 {
                deadline = Some(d);
            }
        }
        let plan = |status, start, done, last, progress, finish| Plan {
            status,
            start,
            done,
            last,
            progress,
            finish,
            deadline,
        };
        use Status::*;
        let Some(as_of) = self.as_of else {
            // A past year: nearly everything was done by December.
            let status = [
                Completed,
                PartiallyCompleted,
                InProgress,
                NotCompleted,
                Cancelled,
                Unverifiable,
            ][rng.weighted(&[900, 40, 30, 15, 10, 5])];
            return match status {
                Completed => {
                    let hi = match deadline {
                        Some(d) if rng.percent(85) => d,
                        _ => ylen,
                    };
                    let lo = (start + 45).max(90).min(hi);
                    // The later of two draws: most projects finish towards the year's end.
                    let done = rng.range(lo, hi).max(rng.range(lo, hi));
                    plan(status, Some(start), Some(done), Some(done), Some(100), done)
                }
                PartiallyCompleted | InProgress | NotCompleted => {
                    let p = match status {
                        PartiallyCompleted => rng.range(60, 95),
                        InProgress => rng.range(30, 90),
                        _ => rng.range(10, 55),
                    };
                    let last = rng.range(ylen - 15, ylen);
                    let finish = start + (last - start) * 100 / p;
                    plan(status, Some(start), None, Some(last), Some(p), finish)
                }
                Cancelled => {
                    let last = rng.range(start + 20, 300);
                    let finish = start + (last - start) * 100 / rng.range(5, 30);
                    plan(status, Some(start), None, Some(last), None, finish)
                }
                _ => plan(status, None, None, None, None, ylen),
            };
        };
        // The year under way, reported to `as_of`.
        let status = [
            Completed,
            InProgress,
            NotStarted,
            Stalled,
            NotYetRated,
            Cancelled,
        ][rng.weighted(&[33, 50, 7, 3, 5, 2])];
        start = start.min(as_of - 60);
        let last = as_of - rng.range(0, 6);
        match status {
            Completed => {
                let hi = match deadline {
                    Some(d) if rng.percent(85) => d.min(last),
                    _ => last,
                };
                let done = rng.range((start + 30).min(hi), hi);
                plan(status, Some(start), Some(done), Some(done), Some(100), done)
            }
            InProgress => {
                // Reports put most work on schedule: the pace is drawn first, then the
                // progress that shows it against the time elapsed to the deadline.
                let end = deadline.unwrap_or(ylen);
                let expected = 100 * last.min(end) / end;
                let p = match rng.weighted(&[60, 20, 20]) {
                    0 => expected + rng.range(-4, 4),
                    1 => expected + rng.range(7, 25),
                    _ => expected - rng.range(7, 45),
                }
                .clamp(5, 97);
                let finish = start + (last - start) * 100 / p;
                plan(status, Some(start), None, Some(last), Some(p), finish)
            }
            Stalled => {
                let p = rng.range(20, 60);
                let finish = start + (last - start) * 100 / p;
                plan(status, Some(start), None, Some(last), Some(p), finish)
            }
            Cancelled => {
                let last = rng.range(start + 20, as_of);
                let finish = start + (last - start) * 100 / rng.range(5, 30);
                plan(status, Some(start), None, Some(last), None, finish)
            }
            NotStarted => plan(status, None, None, Some(last), None, ylen),
            _ => plan(status, None, None, None, None, ylen),
        }
    }

    /// Adds a top-level project to the counts the year's reports give.
    fn count(&self, plan: &Plan, t: &mut Tally) {
        t.total += 1;
        let mid = month_end(self.year, 6);
        t.mid_started += u32::from(plan.started_by(mid));
        t.mid_completed += u32::from(plan.completed_by(mid));
        match (plan.status, self.as_of) {
            (Status::Completed, _) => t.completed += 1,
            (Status::InProgress, Some(as_of)) => {
                let progress = plan.progress.unwrap_or(0);
                let at = plan.last.unwrap_or(as_of);
                match schedule(progress, at, plan.deadline.unwrap_or(self.ylen)) {
                    "ahead" => t.ahead += 1,
                    "behind" => t.behind += 1,
                    _ => t.on_track += 1,
                }
            }
            (Status::NotStarted, Some(_)) => t.not_started += 1,
            _ => {}
        }
    }

    /// The report that would have printed an update of date `t`.
    fn cite(&self, t: i64) -> &str {
        match &self.mid_source {
            Some((id, covers)) if t <= *covers => id,
            _ => &self.last_source,
        }
    }

    fn base_vars(&self) -> Vars {
        let place = self.city.place;
        Vars {
            city: place.name(),
            core: place.core.clone(),
            prefix: place.prefix(),
            year: self.year,
            ..Vars::default()
        }
    }

    fn title(&mut self, theme: &Theme, vars: &Vars, resumed: bool) -> String {
        let first = self.rng.below(theme.titles.len());
        for i in 0..theme.titles.len() {
            let mut title = vars.fill(theme.titles[(first + i) % theme.titles.len()]);
            let len = title.chars().count();
            if resumed && matches!(theme.kind, Kind::Build | Kind::Renovate) && len + 4 <= 25 {
                title.push_str("（续建）");
            }
            if (8..=25).contains(&title.chars().count()) {
                return title;
            }
        }
        // A small county's figure can leave a title too short ("新建绿道4公里"); the place
        // name completes it, as local lists often do.
        format!("{}{}", vars.city, vars.fill(theme.titles[first]))
    }

    /// Writes one themed project.
    fn project(&mut self, theme_index: usize, id: &str, link: Link, out: &mut String) -> Made {
        let theme = &THEMES[theme_index];
        let scale = self.city.place.level.scale();
        let plan = self.plan();
        let n = (self.rng.range(theme.n.0, theme.n.1) * scale / 10).max(1);

        let mut v = self.base_vars();
        v.n = n.to_string();
        let title = self.title(theme, &v, link.resumed);
        v.title = inner_quotes(&title);
        v.lead = unit_name(self.rng.pick(theme.leads), v.prefix, &v.core);
        v.partner = self.partner(&v.lead);
        let targets = self.targets(theme, n, &plan);
        let head = &targets[0];
        v.metric = head.metric;
        v.unit = head.unit;
        v.n = num(head.target.unwrap_or(n), head.dec);
        v.rate = match (head.target, head.actual) {
            (Some(t), Some(a)) if t > 0 => a * 100 / t,
            _ => 100,
        };

        let rng = &mut self.rng;
        let (lo, hi) = theme.kind.budget();
        let planned = (rng.range(lo * 10, hi * 10) * scale / 10).max(10);
        let budget = rng.percent(35).then(|| {
            let spent = match plan.status {
                Status::Completed => Some(planned * rng.range(88, 100) / 100),
                Status::NotStarted | Status::NotYetRated | Status::Unverifiable => None,
                _ => Some(planned * plan.progress.unwrap_or(10) / 100).filter(|s| *s > 0),
            };
            (planned, spent)
        });
        let areas = &self.city.areas;
        let districts: Vec<&str> = if rng.percent(15) {
            let first = rng.below(areas.len());
            (0..rng.range(1, 3) as usize)
                .map(|i| areas[(first + i) % areas.len()].as_str())
                .collect()
        } else {
            Vec::new()
        };
        v.areas = districts.join("、");
        v.sat = num(rng.range(900, 995), 1);
        v.reason = rng.pick(REASONS);
        v.sessions = rng.range(5, 60);

        // The entry, in the order docs/content-format.md lists the fields.
        entry_start(out, id);
        field(out, "title", &title);
        field(out, "domain", DOMAINS[theme.domain].id);
        field(out, "lead", &v.lead);
        if !districts.is_empty() {
            list(out, "districts", &districts);
        }
        if let Some(parent) = &link.parent {
            field(out, "parent", parent);
        }
        // Dates and `<year>/<id>` links are written plain, as editors write them; YAML reads
        // both as strings.
        if let Some(c) = &link.continues {
            out.push_str(&format!("    continues: {c}\n"));
        }
        if let Some(d) = plan.deadline {
            out.push_str(&format!("    deadline: {}\n", iso(self.year, d)));
        }
        write_targets(out, &targets);
        if let Some((planned, spent)) = budget {
            out.push_str(&format!(
                "    budget:\n      planned: {}\n",
                num(planned, 1)
            ));
            if let Some(s) = spent {
                out.push_str(&format!("      spent: {}\n", num(s, 1)));
            }
            out.push_str("      unit: 万元\n");
        }

        let dates = self.update_dates(&plan);
        let mut sources = vec![self.list_source.clone()];
        let updates = self.updates(
            &plan,
            &dates,
            theme.kind,
            &targets,
            planned,
            &mut v,
            &mut sources,
        );
        if dates.is_empty() && plan.status != Status::NotYetRated {
            sources.push(self.last_source.clone());
        }
        if self.rng.percent(50) {
            v.aim = self.rng.pick(DOMAINS[theme.domain].aims);
            v.funding = self.funding();
            let summary = self.summary(&plan, &targets, budget.map(|(p, _)| p), &mut v);
            field(out, "summary", &summary);
        }
        list(out, "sources", &sources);
        if dates.is_empty() {
            self.direct_state(&plan, out);
        } else {
            out.push_str("    updates:\n");
            out.push_str(&updates);
        }
        Made {
            plan,
            budget: budget.map_or(0, |(p, _)| p),
            title,
        }
    }

    /// One to three figures: the headline one (from the title's count where there is one),
    /// then some of the theme's others, with what was done of each by the latest report.
    fn targets(&mut self, theme: &Theme, n: i64, plan: &Plan) -> Vec<Target> {
        let rng = &mut self.rng;
        let scale = self.city.place.level.scale();
        let mut targets = Vec::with_capacity(3);
        for (k, m) in theme.metrics.iter().enumerate() {
            if k > 0 && (targets.len() >= 3 || !rng.percent(55)) {
                continue;
            }
            let is_rate = m.unit == "%";
            let value = if m.from_n {
                n
            } else if is_rate {
                rng.range(m.lo, m.hi)
            } else {
                (rng.range(m.lo, m.hi) * scale / 10).max(1)
            };
            let dec = if m.from_n { 0 } else { m.dec };
            let actual = match plan.status {
                Status::Completed if is_rate => {
                    Some((value + rng.range(0, value / 50)).min(100 * 10i64.pow(dec)))
                }
                Status::Completed if rng.percent(75) => Some(value),
                Status::Completed => Some(value * rng.range(101, 125) / 100),
                Status::InProgress
                | Status::Stalled
                | Status::PartiallyCompleted
                | Status::NotCompleted
                    if !is_rate =>
                {
                    Some(value * plan.progress.unwrap_or(0) / 100).filter(|a| *a > 0)
                }
                _ => None,
            };
            // Some reports give only what was done, never the target; the headline figure,
            // which titles and notes quote, always has one.
            let target = (k == 0 || actual.is_none() || !rng.percent(8)).then_some(value);
            let percent = match (target, actual) {
                (Some(t), Some(a)) if t > 0 && rng.percent(4) => Some(a * 1000 / t),
                _ => None,
            };
            targets.push(Target {
                metric: m.name,
                unit: m.unit,
                dec,
                target,
                actual,
                percent,
            });
        }
        targets
    }

    /// Dates of up to four updates, the last on the date of the latest report.
    fn update_dates(&mut self, plan: &Plan) -> Vec<i64> {
        let rng = &mut self.rng;
        let count = match plan.status {
            Status::NotYetRated | Status::Unverifiable => 0,
            Status::Cancelled => rng.range(1, 3) as usize,
            _ => rng.weighted(&[25, 25, 25, 15, 10]),
        };
        let Some(last) = plan.last.filter(|_| count > 0) else {
            return Vec::new();
        };
        // Reports come weeks apart; a draw too close to another is dropped, so a crowded
        // year simply gets fewer updates.
        let (lo, hi) = (20, last - 20);
        let mut dates = Vec::with_capacity(count);
        for _ in 0..(count - 1) * 3 {
            if dates.len() + 1 >= count || hi < lo {
                break;
            }
            let mut d = rng.range(lo, hi);
            // Reports mostly speak of the end of a month.
            if rng.percent(50) {
                d = month_end(self.year, month_day(self.year, d).0).min(hi);
            }
            if dates.iter().all(|x: &i64| (x - d).abs() >= 20) {
                dates.push(d);
            }
        }
        dates.sort_unstable();
        dates.push(last);
        dates
    }

    /// The `updates` entries for `dates`, read off the plan: not started before the work
    /// began, rising progress after, and the plan's outcome on the last date. Each cites the
    /// report that would have printed it, which is added to `sources`.
    #[allow(clippy::too_many_arguments)]
    fn updates(
        &mut self,
        plan: &Plan,
        dates: &[i64],
        kind: Kind,
        targets: &[Target],
        planned: i64,
        v: &mut Vars,
        sources: &mut Vec<String>,
    ) -> String {
        let deadline = plan.deadline.unwrap_or(self.ylen);
        let head = &targets[0];
        let mut text = String::new();
        let mut before = 0;
        for (k, &t) in dates.iter().enumerate() {
            let is_last = k + 1 == dates.len();
            let (status, progress) = if is_last {
                let p = match plan.status {
                    Status::Completed => Some(100).filter(|_| self.rng.percent(70)),
                    Status::Cancelled | Status::NotStarted => None,
                    _ => plan.progress,
                };
                (plan.status, p)
            } else {
                match plan.progress_at(t) {
                    None => (Status::NotStarted, None),
                    Some(p) => {
                        // Strictly rising, and below where the year ends up.
                        let p = p.max(before + 1);
                        let cap = plan.progress.unwrap_or(100);
                        (Status::InProgress, Some(p).filter(|p| *p < cap))
                    }
                }
            };
            before = progress.unwrap_or(before);
            text.push_str(&format!(
                "      - date: {}\n        status: {}\n",
                iso(self.year, t),
                status.key()
            ));
            let pace = progress.map(|p| schedule(p, t, deadline));
            if let Some(pace) = pace.filter(|_| status == Status::InProgress) {
                // Reports state the pace for some; shishi derives the same for the others.
                if self.rng.percent(40) {
                    text.push_str(&format!("        schedule: {pace}\n"));
                }
            }
            if let Some(p) = progress {
                text.push_str(&format!("        progress: {p}\n"));
            }
            let wants_note = match status {
                Status::Completed | Status::InProgress | Status::NotStarted => {
                    self.rng.percent(if is_last { 85 } else { 75 })
                }
                // A setback is always explained.
                _ => true,
            };
            if wants_note {
                let (m, d) = month_day(self.year, t);
                v.month = m;
                v.day = d;
                v.month_end = t == month_end(self.year, m);
                v.next_month = (m + self.rng.range(1, 2)).min(12);
                v.pct = progress.unwrap_or(0);
                let share = if status == Status::Completed {
                    100
                } else {
                    v.pct
                };
                let so_far = (head.target.unwrap_or(0) * share / 100).max(1);
                let done = if is_last {
                    head.actual.unwrap_or(so_far)
                } else {
                    so_far
                };
                v.done = num(done, head.dec);
                v.invested = num(planned * share.max(5) / 100, 1);
                let behind = pace == Some("behind");
                let carried = self.as_of.is_none() && is_last;
                let note = self.note(v, kind, status, behind, carried);
                field(&mut text, "    note", &note);
            }
            let source = self.cite(t).to_string();
            text.push_str(&format!("        sources: [{source}]\n"));
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        text
    }

    /// A project summary of 60 to 200 characters: why, what, who, how much, where, and how
    /// it ended or stands.
    fn summary(
        &mut self,
        plan: &Plan,
        targets: &[Target],
        budget: Option<i64>,
        v: &mut Vars,
    ) -> String {
        let goals: Vec<String> = targets
            .iter()
            .filter_map(|t| Some(format!("{}{}{}", t.metric, num(t.target?, t.dec), t.unit)))
            .collect();
        let mut parts = vec![v.fill(SUMMARY_AIM)];
        if !goals.is_empty() {
            parts.push(format!("年度目标为{}。", goals.join("、")));
        }
        parts.push(v.fill(SUMMARY_LEAD));
        if let Some(planned) = budget {
            v.planned = num(planned, 1);
            parts.push(v.fill(SUMMARY_BUDGET));
        }
        if !v.areas.is_empty() {
            parts.push(v.fill("项目涉及{areas}等地。"));
        }
        let head = &targets[0];
        match (plan.status, self.as_of, head.actual) {
            (Status::Completed, None, Some(a)) => {
                v.done = num(a, head.dec);
                parts.push(v.fill("年底{metric}实际完成{done}{unit}，完成年度目标的{rate}%。"));
            }
            (Status::InProgress, Some(as_of), _) => {
                v.month = month_day(self.year, as_of).0;
                v.pct = plan.progress.unwrap_or(0);
                parts.push(v.fill("截至{month}月底，项目总体进度{pct}%。"));
            }
            _ => {}
        }
        compose(&mut self.rng, parts, SUMMARY_FILLERS, v, 60, 200)
    }

    /// A state given directly, for projects whose report gave no dated updates.
    fn direct_state(&mut self, plan: &Plan, out: &mut String) {
        if plan.status == Status::NotYetRated {
            return;
        }
        out.push_str(&format!("    status: {}\n", plan.status.key()));
        match plan.status {
            Status::InProgress => {
                // Without an update's date shishi cannot derive the pace, so it is stated.
                let p = plan.progress.unwrap_or(50);
                let at = plan.last.or(self.as_of).unwrap_or(self.ylen);
                let deadline = plan.deadline.unwrap_or(self.ylen);
                out.push_str(&format!(
                    "    schedule: {}\n    progress: {p}\n",
                    schedule(p, at, deadline)
                ));
            }
            Status::Stalled | Status::PartiallyCompleted | Status::NotCompleted => {
                out.push_str(&format!("    progress: {}\n", plan.progress.unwrap_or(50)));
            }
            Status::Completed if self.rng.percent(50) => out.push_str("    progress: 100\n"),
            _ => {}
        }
    }

    /// A progress note of 40 to 150 characters, as reports word them.
    fn note(
        &mut self,
        v: &Vars,
        kind: Kind,
        status: Status,
        behind: bool,
        past_end: bool,
    ) -> String {
        let main: &[&str] = match status {
            Status::NotStarted => NOTE_NOT_STARTED,
            Status::Stalled => NOTE_STALLED,
            Status::PartiallyCompleted => NOTE_PARTIAL,
            Status::NotCompleted => NOTE_NOT_DONE,
            Status::Cancelled => NOTE_CANCELLED,
            Status::InProgress if past_end => NOTE_CARRIED,
            Status::InProgress => kind.going(),
            Status::Completed => kind.done(),
            _ => NOTE_FILLERS,
        };
        let mut first = String::new();
        if self.rng.percent(55) {
            first.push_str(&v.fill(if v.month_end {
                "截至{month}月底，"
            } else {
                "截至{month}月{day}日，"
            }));
        }
        first.push_str(&v.fill(self.rng.pick(main)));
        let follow: &[&str] = match status {
            Status::InProgress if behind => NOTE_BEHIND,
            Status::InProgress => NOTE_GOING,
            Status::Completed => NOTE_DONE,
            _ => &[],
        };
        let detail: &[&str] = match status {
            Status::InProgress => kind.going_detail(),
            Status::Completed => kind.done_detail(),
            _ => &[],
        };
        let mut parts = vec![first];
        if !detail.is_empty() && self.rng.percent(60) {
            parts.push(v.fill(self.rng.pick(detail)));
        }
        if !v.areas.is_empty() && status == Status::InProgress && self.rng.percent(50) {
            parts.push(v.fill("{areas}的项目进展较快。"));
        }
        if !follow.is_empty() && self.rng.percent(70) {
            parts.push(v.fill(self.rng.pick(follow)));
        }
        if matches!(status, Status::InProgress | Status::Completed) && self.rng.percent(35) {
            parts.push(v.fill(self.rng.pick(NOTE_MEASURES)));
        }
        compose(&mut self.rng, parts, NOTE_FILLERS, v, 40, 150)
    }

    fn partner(&mut self, lead: &str) -> String {
        let place = self.city.place;
        loop {
            let name = unit_name(self.rng.pick(DEPARTMENTS), place.prefix(), &place.core);
            if name != lead {
                return name;
            }
        }
    }

    fn funding(&mut self) -> String {
        let options: &[&str] = match self.city.place.level {
            Level::Prefecture => &["市、县（区）两级财政共同承担", "市级财政和上级补助资金解决"],
            _ => &["本级财政统筹安排", "上级补助资金和本级财政配套解决"],
        };
        self.rng.pick(options).to_string()
    }

    /// An umbrella project (top-level) and its sub-items, which carry the work; its state
    /// is theirs taken together.
    fn umbrella(
        &mut self,
        domain: usize,
        children: &[usize],
        out: &mut String,
        budget: &mut i64,
    ) -> Plan {
        let d = &DOMAINS[domain];
        let id = self.unique_id(d.umbrella_id);
        let mut kids = String::new();
        let mut plans = Vec::with_capacity(children.len());
        let mut titles = Vec::new();
        for &t in children {
            let child = self.unique_id(THEMES[t].id);
            let link = Link {
                parent: Some(id.clone()),
                continues: None,
                resumed: false,
            };
            let made = self.project(t, &child, link, &mut kids);
            titles.push(made.title);
            *budget += made.budget;
            plans.push(made.plan);
            self.sub_items += 1;
        }
        let done = plans
            .iter()
            .filter(|p| p.status == Status::Completed)
            .count();
        let average = plans
            .iter()
            .map(|p| match p.status {
                Status::Completed => 100,
                _ => p.progress.unwrap_or(0),
            })
            .sum::<i64>()
            / plans.len() as i64;
        let status = if done == plans.len() {
            Status::Completed
        } else if self.as_of.is_none() {
            Status::PartiallyCompleted
        } else if plans.iter().all(|p| p.status == Status::NotStarted) {
            Status::NotStarted
        } else {
            Status::InProgress
        };
        let plan = Plan {
            status,
            start: plans.iter().filter_map(|p| p.start).min(),
            done: (status == Status::Completed)
                .then(|| plans.iter().filter_map(|p| p.done).max())
                .flatten(),
            last: self.as_of.or(Some(self.ylen)),
            progress: match status {
                Status::InProgress | Status::PartiallyCompleted => Some(average.clamp(1, 97)),
                _ => None,
            },
            finish: self.ylen,
            deadline: None,
        };

        let mut v = self.base_vars();
        let title = v.fill(self.rng.pick(d.umbrella_titles));
        v.title = inner_quotes(&title);
        let place = self.city.place;
        v.lead = unit_name(d.lead, place.prefix(), &place.core);
        entry_start(out, &id);
        field(out, "title", &title);
        field(out, "domain", d.id);
        field(out, "lead", &v.lead);
        out.push_str(&format!(
            "    targets:\n      - metric: 实施子项目\n        unit: 项\n        target: {}\n",
            children.len()
        ));
        if done > 0 {
            out.push_str(&format!("        actual: {done}\n"));
        }
        if self.rng.percent(60) {
            v.aim = self.rng.pick(d.aims);
            v.count = children.len() as i64;
            let parts = vec![
                v.fill("{aim}，{city}将{count}个子项目整合为“{title}”统筹推进，由{lead}牵头。"),
                format!("子项目包括{}。", titles.join("、")),
            ];
            let summary = compose(&mut self.rng, parts, SUMMARY_FILLERS, &v, 60, 200);
            field(out, "summary", &summary);
        }
        let sources = [self.list_source.clone(), self.last_source.clone()];
        list(out, "sources", &sources);
        self.direct_state(&plan, out);
        out.push_str(&kids);
        plan
    }

    /// The file's head: year, title, summary, sources and the reports' counts.
    fn head(&mut self, count: usize, t: &Tally, out: &mut String) {
        let year = self.year;
        header(out, self.city.opts);
        let mut v = self.base_vars();
        v.count = count as i64;
        v.completed = i64::from(t.completed);
        out.push_str(&format!("year: {year}\n"));
        field_top(out, "title", &v.fill(YEAR_TITLES[self.city.title_style]));
        let announced = self.rng.range(8, 59);
        out.push_str(&format!("announced: {}\n", iso(year, announced)));
        // Completion rate in tenths of a percent, rounded as reports round it.
        let rate =
            (i64::from(t.completed) * 1000 + i64::from(t.total) / 2) / i64::from(t.total.max(1));
        if self.rng.percent(75) {
            let names: Vec<&str> = t.domains.iter().take(3).map(|&d| DOMAINS[d].zh).collect();
            let mut first = format!(
                "{year}年初，{}人民政府向社会公布{count}项为民办实事项目，涉及{}等{}个领域",
                v.city,
                names.join("、"),
                t.domains.len()
            );
            if t.budget > 0 {
                // Tenths of 万元 to 亿元 with two decimals.
                first.push_str(&format!("，计划总投资{}亿元", num(t.budget / 1000, 2)));
            }
            first.push('。');
            let second = match self.as_of {
                None if t.completed == t.total => format!("截至年底，{count}项全部完成。"),
                None => format!(
                    "截至年底，已完成{}项，完成率{}%，未完成的项目结转下一年度继续实施。",
                    t.completed,
                    num(rate, 1)
                ),
                Some(as_of) => {
                    v.month = month_day(year, as_of).0;
                    v.fill("截至{month}月底，已完成{completed}项，其余项目正在加快推进。")
                }
            };
            let summary = compose(
                &mut self.rng,
                vec![first, second],
                YEAR_FILLERS,
                &v,
                60,
                200,
            );
            field_top(out, "summary", &summary);
        }
        self.sources(&mut v, announced, out);
        self.snapshots(t, rate, out);
    }

    /// Two or three reports: the list as published, often a mid-year report in the local
    /// paper, and the year-end account (or, for the current year, the latest progress report).
    fn sources(&mut self, v: &mut Vars, announced: i64, out: &mut String) {
        let year = self.year;
        let place = self.city.place;
        // Addresses under a reserved example domain: they look like a government site's
        // and can never point at a real one.
        let host = "https://www.example.com";
        out.push_str("sources:\n");
        let url = self
            .rng
            .percent(60)
            .then(|| format!("{host}/{}/{year}/list.html", place.slug));
        let title = v.fill("{year}年{city}为民办实事项目清单公布");
        let publisher = format!("{}人民政府", v.city);
        let date = iso(year, announced);
        source(
            out,
            &self.list_source,
            &title,
            &publisher,
            &date,
            url,
            "official",
        );
        if let Some((id, covers)) = &self.mid_source {
            let date = iso(year, covers + self.rng.range(8, 25));
            let title = v.fill("{city}{year}年为民办实事项目上半年进展顺利");
            let publisher = format!("{}日报", place.core);
            source(out, id, &title, &publisher, &date, None, "media");
        }
        match self.as_of {
            None => {
                let date = iso(year + 1, self.rng.range(5, 25));
                let url = self
                    .rng
                    .percent(60)
                    .then(|| format!("{host}/{}/{year}/final.html", place.slug));
                let title = v.fill("{year}年{city}为民办实事项目完成情况的通报");
                let publisher = format!("{}人民政府办公室", v.city);
                source(
                    out,
                    &self.last_source,
                    &title,
                    &publisher,
                    &date,
                    url,
                    "official",
                );
            }
            Some(as_of) => {
                let date = iso(year, as_of + self.rng.range(5, 20));
                v.month = month_day(year, as_of).0;
                let title = v.fill("{city}{year}年为民办实事项目推进情况（截至{month}月底）");
                let publisher = format!("{}发布", place.core);
                source(
                    out,
                    &self.last_source,
                    &title,
                    &publisher,
                    &date,
                    None,
                    "official",
                );
            }
        }
    }

    /// The counts each report gave, which agree with the projects listed.
    fn snapshots(&mut self, t: &Tally, rate: i64, out: &mut String) {
        let year = self.year;
        out.push_str("snapshots:\n");
        if let Some((id, covers)) = &self.mid_source {
            out.push_str(&format!(
                "  - as_of: {}\n    source: {id}\n    total: {}\n    started: {}\n    completed: {}\n",
                iso(year, *covers),
                t.total,
                t.mid_started,
                t.mid_completed
            ));
            out.push_str(&format!(
                "    note: 截至6月底，{}项为民办实事项目已开工{}项，其中已完成{}项。\n",
                t.total, t.mid_started, t.mid_completed
            ));
        }
        let Some(as_of) = self.as_of else {
            out.push_str(&format!(
                "  - as_of: {}\n    source: {}\n    total: {}\n    completed: {}\n",
                iso(year, self.ylen),
                self.last_source,
                t.total,
                t.completed
            ));
            if self.rng.percent(50) {
                out.push_str(&format!("    rate: {}\n", num(rate, 1)));
            }
            let rest = if t.completed < t.total {
                "，未完成的项目已说明原因"
            } else {
                ""
            };
            out.push_str(&format!(
                "    final: true\n    note: 全年{}项为民办实事项目完成{}项{rest}。\n",
                t.total, t.completed
            ));
            return;
        };
        out.push_str(&format!(
            "  - as_of: {}\n    source: {}\n    total: {}\n    completed: {}\n",
            iso(year, as_of),
            self.last_source,
            t.total,
            t.completed
        ));
        out.push_str(&format!(
            "    ahead: {}\n    on_track: {}\n    behind: {}\n    not_started: {}\n",
            t.ahead, t.on_track, t.behind, t.not_started
        ));
        out.push_str(&format!(
            "    note: 截至{}月底，已完成{}项，超序时推进{}项，按序时推进{}项，滞后{}项，未开工{}项。\n",
            month_day(year, as_of).0,
            t.completed,
            t.ahead,
            t.on_track,
            t.behind,
            t.not_started
        ));
    }
}

/// A title quoted inside “…” takes its own quotation marks as ‘…’, as Chinese text nests them.
fn inner_quotes(title: &str) -> String {
    title.replace('“', "‘").replace('”', "’")
}

// ---------------------------------------------------------------------------------------
// Text

/// A department's name in a city: 教育局 becomes 市教育局 or 县教育局; 团*委 becomes 团市委.
fn unit_name(name: &str, prefix: &str, core: &str) -> String {
    if name.contains('*') {
        name.replace('*', prefix)
    } else if let Some(rest) = name.strip_prefix('@') {
        format!("{core}{rest}")
    } else if name == "消防救援支队" && prefix != "市" {
        format!("{prefix}消防救援大队")
    } else {
        format!("{prefix}{name}")
    }
}

/// The values templates name in braces.
#[derive(Default)]
struct Vars {
    city: String,
    core: String,
    prefix: &'static str,
    year: i32,
    count: i64,
    completed: i64,
    title: String,
    lead: String,
    partner: String,
    funding: String,
    planned: String,
    areas: String,
    aim: &'static str,
    metric: &'static str,
    unit: &'static str,
    n: String,
    done: String,
    invested: String,
    sat: String,
    reason: &'static str,
    pct: i64,
    rate: i64,
    sessions: i64,
    month: i64,
    day: i64,
    next_month: i64,
    month_end: bool,
}

impl Vars {
    /// Replaces each `{name}`. An unknown name is a bug in a template, so it panics.
    fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').expect("unclosed brace in template") + open;
            let key = &rest[open + 1..close];
            match key {
                "city" => out.push_str(&self.city),
                "core" => out.push_str(&self.core),
                "P" => out.push_str(self.prefix),
                "year" => out.push_str(&self.year.to_string()),
                "count" => out.push_str(&self.count.to_string()),
                "completed" => out.push_str(&self.completed.to_string()),
                "title" => out.push_str(&self.title),
                "lead" => out.push_str(&self.lead),
                "partner" => out.push_str(&self.partner),
                "funding" => out.push_str(&self.funding),
                "planned" => out.push_str(&self.planned),
                "areas" => out.push_str(&self.areas),
                "aim" => out.push_str(self.aim),
                "metric" => out.push_str(self.metric),
                "unit" => out.push_str(self.unit),
                "n" => out.push_str(&self.n),
                "done" => out.push_str(&self.done),
                "invested" => out.push_str(&self.invested),
                "sat" => out.push_str(&self.sat),
                "reason" => out.push_str(self.reason),
                "pct" => out.push_str(&self.pct.to_string()),
                "rate" => out.push_str(&self.rate.to_string()),
                "sessions" => out.push_str(&self.sessions.to_string()),
                "month" => out.push_str(&self.month.to_string()),
                "day" => out.push_str(&self.day.to_string()),
                "next_month" => out.push_str(&self.next_month.to_string()),
                other => panic!("unknown template key {{{other}}} in {template:?}"),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// Joins sentences into a text of `min..=max` characters. The first sentence always goes in;
/// the others in order while they fit and the text is shorter than a length drawn for it;
/// then fillers, only while it is shorter than `min`.
fn compose(
    rng: &mut Rng,
    parts: Vec<String>,
    fillers: &[&str],
    v: &Vars,
    min: usize,
    max: usize,
) -> String {
    let want = rng.range(min as i64, max as i64) as usize;
    let mut text = String::new();
    let mut len = 0;
    for (i, part) in parts.iter().enumerate() {
        let l = part.chars().count();
        if i > 0 && (len >= want || len + l > max) {
            continue;
        }
        text.push_str(part);
        len += l;
    }
    let first = rng.below(fillers.len());
    for i in 0..fillers.len() {
        if len >= min {
            break;
        }
        let filler = v.fill(fillers[(first + i) % fillers.len()]);
        let l = filler.chars().count();
        if len + l <= max {
            text.push_str(&filler);
            len += l;
        }
    }
    text
}

/// A number given in units of 10^-`dec`, written without trailing zeros: 125 with 1 -> 12.5.
fn num(value: i64, dec: u32) -> String {
    if dec == 0 {
        return value.to_string();
    }
    let scale = 10i64.pow(dec);
    let (whole, frac) = (value / scale, value % scale);
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:0width$}", width = dec as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Writes `s` as a YAML scalar: plain when YAML reads it back as this same string (nearly
/// all Chinese text), double-quoted otherwise.
fn scalar(out: &mut String, s: &str) {
    if needs_quotes(s) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn needs_quotes(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    // Indicators that mean something at the start of a plain scalar, characters that end
    // one inside a flow list, and anything that could read as a number, boolean or null.
    "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || s.trim() != s
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| c.is_control() || "\"\\,[]{}".contains(c))
        || (s.is_ascii()
            && (first.is_ascii_digit()
                || first == '.'
                || first == '+'
                || [
                    "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
                ]
                .contains(&s.to_ascii_lowercase().as_str())))
}

fn write_targets(out: &mut String, targets: &[Target]) {
    out.push_str("    targets:\n");
    for t in targets {
        out.push_str("      - metric: ");
        scalar(out, t.metric);
        out.push_str("\n        unit: ");
        scalar(out, t.unit);
        out.push('\n');
        for (key, value, dec) in [
            ("target", t.target, t.dec),
            ("actual", t.actual, t.dec),
            ("percent", t.percent, 1),
        ] {
            if let Some(x) = value {
                out.push_str(&format!("        {key}: {}\n", num(x, dec)));
            }
        }
    }
}

fn entry_start(out: &mut String, id: &str) {
    out.push_str("  - id: ");
    out.push_str(id);
    out.push('\n');
}

/// A key of the file's top level.
fn field_top(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(": ");
    scalar(out, value);
    out.push('\n');
}

/// A key of a list entry (`projects`, `sources`), or, with `key` indented, of an entry's list.
fn field(out: &mut String, key: &str, value: &str) {
    out.push_str("    ");
    out.push_str(key);
    out.push_str(": ");
    scalar(out, value);
    out.push('\n');
}

fn list<S: AsRef<str>>(out: &mut String, key: &str, items: &[S]) {
    out.push_str("    ");
    out.push_str(key);
    out.push_str(": [");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        scalar(out, item.as_ref());
    }
    out.push_str("]\n");
}

fn source(
    out: &mut String,
    id: &str,
    title: &str,
    publisher: &str,
    date: &str,
    url: Option<String>,
    kind: &str,
) {
    out.push_str("  - id: ");
    out.push_str(id);
    out.push_str("\n    title: ");
    scalar(out, title);
    out.push_str("\n    publisher: ");
    scalar(out, publisher);
    out.push_str(&format!("\n    date: {date}\n"));
    if let Some(url) = url {
        out.push_str(&format!("    url: {url}\n"));
    }
    out.push_str(&format!("    type: {kind}\n"));
}

// ---------------------------------------------------------------------------------------
// Vocabularies

/// Folder names shishi keeps for its own pages (src/urls.rs).
const RESERVED_SLUGS: &[&str] = &["assets", "domain", "year", "data", "search"];

/// Province-level codes in use, in order; a corpus has at most this many provinces.
const PROVINCE_CODES: [u32; 31] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65,
];

/// First and last characters of place names, with their pinyin for the slugs.
#[rustfmt::skip]
const NAME_FIRST: &[(&str, &str)] = &[
    ("安", "an"), ("宁", "ning"), ("江", "jiang"), ("清", "qing"), ("东", "dong"), ("西", "xi"),
    ("南", "nan"), ("北", "bei"), ("长", "chang"), ("新", "xin"), ("兴", "xing"), ("华", "hua"),
    ("丰", "feng"), ("永", "yong"), ("德", "de"), ("昌", "chang"), ("泰", "tai"), ("海", "hai"),
    ("湖", "hu"), ("林", "lin"), ("石", "shi"), ("云", "yun"), ("龙", "long"), ("桂", "gui"),
    ("广", "guang"), ("定", "ding"), ("通", "tong"), ("武", "wu"), ("文", "wen"), ("溪", "xi"),
    ("泉", "quan"), ("宜", "yi"), ("嘉", "jia"), ("庆", "qing"), ("福", "fu"), ("吉", "ji"),
    ("乐", "le"), ("康", "kang"), ("顺", "shun"), ("汉", "han"), ("金", "jin"), ("玉", "yu"),
    ("临", "lin"), ("沙", "sha"), ("洪", "hong"), ("梅", "mei"), ("桐", "tong"), ("松", "song"),
    ("柳", "liu"), ("白", "bai"), ("黄", "huang"), ("青", "qing"), ("崇", "chong"), ("宝", "bao"),
    ("鹤", "he"), ("岳", "yue"), ("衡", "heng"), ("济", "ji"), ("湘", "xiang"), ("靖", "jing"),
    ("遂", "sui"), ("荣", "rong"), ("茂", "mao"), ("仁", "ren"), ("寿", "shou"), ("怀", "huai"),
    ("延", "yan"), ("明", "ming"), ("光", "guang"), ("春", "chun"), ("秀", "xiu"), ("瑞", "rui"),
    ("祥", "xiang"), ("鸿", "hong"), ("连", "lian"), ("望", "wang"), ("雁", "yan"), ("凤", "feng"),
    ("鹿", "lu"), ("象", "xiang"), ("潭", "tan"), ("津", "jin"), ("滨", "bin"), ("汾", "fen"),
    ("渭", "wei"), ("洛", "luo"), ("邵", "shao"), ("梧", "wu"), ("枫", "feng"), ("榆", "yu"),
    ("樟", "zhang"), ("竹", "zhu"), ("兰", "lan"), ("莲", "lian"), ("蓉", "rong"), ("曲", "qu"),
];

#[rustfmt::skip]
const NAME_LAST: &[(&str, &str)] = &[
    ("阳", "yang"), ("江", "jiang"), ("山", "shan"), ("州", "zhou"), ("城", "cheng"), ("安", "an"),
    ("宁", "ning"), ("平", "ping"), ("源", "yuan"), ("川", "chuan"), ("溪", "xi"), ("泉", "quan"),
    ("河", "he"), ("湖", "hu"), ("海", "hai"), ("林", "lin"), ("口", "kou"), ("陵", "ling"),
    ("台", "tai"), ("丘", "qiu"), ("坪", "ping"), ("田", "tian"), ("塘", "tang"), ("门", "men"),
    ("关", "guan"), ("昌", "chang"), ("兴", "xing"), ("德", "de"), ("和", "he"), ("丰", "feng"),
    ("水", "shui"), ("原", "yuan"), ("峰", "feng"), ("岭", "ling"), ("浦", "pu"), ("津", "jin"),
    ("港", "gang"), ("滨", "bin"), ("泽", "ze"), ("都", "du"), ("化", "hua"), ("远", "yuan"),
    ("定", "ding"), ("康", "kang"), ("乐", "le"), ("华", "hua"), ("南", "nan"), ("东", "dong"),
];

struct Domain {
    id: &'static str,
    zh: &'static str,
    en: &'static str,
    /// How often lists pick the domain's themes, relative to the others.
    weight: u32,
    /// Why a city takes such a project on, to open a summary.
    aims: &'static [&'static str],
    umbrella_id: &'static str,
    umbrella_titles: &'static [&'static str],
    lead: &'static str,
}

const EDU: usize = 0;
const CHILD: usize = 1;
const HEALTH: usize = 2;
const ELDER: usize = 3;
const SOCIAL: usize = 4;
const JOBS: usize = 5;
const HOUSING: usize = 6;
const TRANSPORT: usize = 7;
const WATER: usize = 8;
const ENV: usize = 9;
const CULTURE: usize = 10;
const PUBLIC: usize = 11;
const SAFETY: usize = 12;

/// The sample portal's thirteen domains, in its order.
#[rustfmt::skip]
const DOMAINS: [Domain; 13] = [
    Domain { id: "education", zh: "教育", en: "Education", weight: 14,
        aims: &["为办好人民满意的教育", "为促进义务教育优质均衡发展", "围绕群众“上好学”的期盼"],
        umbrella_id: "education-programme", umbrella_titles: &["教育优质均衡发展工程", "{core}教育提质扩容行动"], lead: "教育局" },
    Domain { id: "childcare", zh: "托育服务", en: "Childcare", weight: 7,
        aims: &["为减轻家庭婴幼儿照护负担", "为构建普惠托育服务体系", "围绕“幼有所育”"],
        umbrella_id: "childcare-programme", umbrella_titles: &["“幼有善育”托育服务提升行动", "普惠托育服务体系建设工程"], lead: "卫健委" },
    Domain { id: "healthcare", zh: "医疗卫生", en: "Healthcare", weight: 13,
        aims: &["为推动优质医疗资源扩容下沉", "为方便群众就近看病就医", "围绕“病有所医”"],
        umbrella_id: "medical-service-upgrade", umbrella_titles: &["基层医疗卫生服务能力提升工程", "医疗服务提质惠民工程"], lead: "卫健委" },
    Domain { id: "elderly-care", zh: "养老服务", en: "Elderly care", weight: 13,
        aims: &["为积极应对人口老龄化", "为完善居家社区养老服务网络", "围绕“老有所养”"],
        umbrella_id: "eldercare-programme", umbrella_titles: &["居家社区养老服务提升行动", "“老有颐养”养老服务工程"], lead: "民政局" },
    Domain { id: "social-assistance", zh: "社会救助与扶弱", en: "Social assistance", weight: 10,
        aims: &["为兜牢基本民生底线", "为保障困难群众基本生活", "围绕“弱有所扶”"],
        umbrella_id: "assistance-programme", umbrella_titles: &["困难群众关爱帮扶工程", "社会救助兜底保障行动"], lead: "民政局" },
    Domain { id: "employment", zh: "就业创业", en: "Employment", weight: 9,
        aims: &["为稳定和扩大就业", "为帮助重点群体就业创业", "围绕“劳有所得”"],
        umbrella_id: "employment-programme", umbrella_titles: &["就业创业促进行动", "“稳岗扩就业”民生工程"], lead: "人社局" },
    Domain { id: "housing", zh: "住房保障", en: "Housing", weight: 11,
        aims: &["为改善群众居住条件", "为推进城市更新和保障性住房建设", "围绕“住有所居”"],
        umbrella_id: "housing-programme", umbrella_titles: &["城市更新和住房保障工程", "安居宜居提升工程"], lead: "住建局" },
    Domain { id: "transport", zh: "交通出行", en: "Transport", weight: 10,
        aims: &["为方便群众出行", "为缓解城区交通拥堵", "为补齐农村交通短板"],
        umbrella_id: "transport-programme", umbrella_titles: &["城乡交通畅行工程", "便民出行提升行动"], lead: "交通运输局" },
    Domain { id: "water", zh: "供水与水利", en: "Water supply", weight: 8,
        aims: &["为保障城乡供水安全", "为提升防洪排涝能力", "为让群众喝上放心水"],
        umbrella_id: "water-programme", umbrella_titles: &["城乡供水保障和防洪排涝工程", "水安全保障提升工程"], lead: "水利局" },
    Domain { id: "environment", zh: "生态环境与人居", en: "Environment", weight: 10,
        aims: &["为持续改善城乡人居环境", "为打好污染防治攻坚战", "为建设宜居宜业和美乡村"],
        umbrella_id: "environment-programme", umbrella_titles: &["城乡人居环境整治提升行动", "生态宜居环境提升工程"], lead: "住建局" },
    Domain { id: "culture-sports", zh: "文化体育", en: "Culture and sports", weight: 8,
        aims: &["为丰富群众精神文化生活", "为推进全民健身", "为完善公共文化服务体系"],
        umbrella_id: "culture-sports-programme", umbrella_titles: &["文化体育惠民工程", "“15分钟文体圈”建设行动"], lead: "文广旅局" },
    Domain { id: "public-services", zh: "公共服务", en: "Public services", weight: 8,
        aims: &["为提升政务服务便利度", "为打造便民生活服务圈", "为让群众办事少跑腿"],
        umbrella_id: "public-services-programme", umbrella_titles: &["便民服务提质工程", "公共服务设施补短板工程"], lead: "发改委" },
    Domain { id: "safety", zh: "安全保障", en: "Public safety", weight: 7,
        aims: &["为守护群众生命财产安全", "为提升基层安全防范能力", "为筑牢城市安全防线"],
        umbrella_id: "safety-programme", umbrella_titles: &["平安建设民生保障工程", "城市安全韧性提升行动"], lead: "应急管理局" },
];

/// What kind of work a theme is, which decides how reports describe its progress.
#[derive(Clone, Copy)]
enum Kind {
    Build,
    Renovate,
    Service,
    Subsidy,
    Train,
}

impl Kind {
    fn going(self) -> &'static [&'static str] {
        match self {
            Kind::Build => &[
                "年度计划{metric}{n}{unit}，已完成{done}{unit}，总体形象进度{pct}%。",
                "项目已全面开工，{metric}已完成{done}{unit}，占年度目标的{pct}%。",
                "主体工程正在施工，总体形象进度达到{pct}%，累计完成投资{invested}万元。",
            ],
            Kind::Renovate => &[
                "已完成改造{done}{unit}，占年度任务{n}{unit}的{pct}%。",
                "改造工程有序推进，{metric}{done}{unit}，进度{pct}%。",
            ],
            Kind::Service => &[
                "累计{metric}{done}{unit}，完成年度目标的{pct}%。",
                "各项服务有序开展，{metric}{done}{unit}。",
            ],
            Kind::Subsidy => &[
                "{metric}{done}{unit}，已拨付资金{invested}万元。",
                "补贴资金按季度发放，{metric}{done}{unit}。",
            ],
            Kind::Train => &[
                "已开展培训{sessions}期，{metric}{done}{unit}。",
                "{metric}{done}{unit}，完成年度目标的{pct}%。",
            ],
        }
    }

    fn done(self) -> &'static [&'static str] {
        match self {
            Kind::Build => &[
                "项目已通过竣工验收，{metric}{done}{unit}，年度目标全面完成。",
                "{metric}{done}{unit}已全部建成并投入使用。",
                "全部建设任务已完成，累计完成投资{invested}万元，{metric}{done}{unit}。",
            ],
            Kind::Renovate => &[
                "{n}{unit}改造任务全部完成，并通过竣工验收。",
                "{metric}{done}{unit}，完成年度目标的{rate}%。",
            ],
            Kind::Service => &[
                "累计{metric}{done}{unit}，年度目标任务已完成。",
                "{metric}{done}{unit}，完成年度目标的{rate}%。",
            ],
            Kind::Subsidy => &[
                "累计{metric}{done}{unit}，资金已全部发放到位。",
                "{metric}{done}{unit}，累计发放资金{invested}万元。",
            ],
            Kind::Train => &[
                "累计开展培训{sessions}期，{metric}{done}{unit}，完成年度任务。",
                "{metric}{done}{unit}，完成年度目标的{rate}%。",
            ],
        }
    }

    /// What a report adds about work under way, beyond the figures.
    fn going_detail(self) -> &'static [&'static str] {
        match self {
            Kind::Build => &[
                "施工单位已增加作业班组，实行两班倒施工。",
                "项目用地、规划许可等手续已全部办结。",
                "配套道路和管网正在同步施工。",
                "部分项目已完成主体结构，正在进行内部装修和设备安装。",
            ],
            Kind::Renovate => &[
                "改造前已逐户征求居民意见，改造方案经居民议事会讨论通过。",
                "施工期间设置了临时便民设施，尽量减少对群众生活的影响。",
                "已完工部分经住户参与验收，满意率较高。",
            ],
            Kind::Service => &[
                "服务对象信息已全部录入管理平台，实行动态管理。",
                "通过线上线下相结合的方式扩大服务覆盖面。",
                "各{P}直部门和乡镇（街道）已明确专人负责。",
            ],
            Kind::Subsidy => &[
                "补贴资金通过社会保障卡直接发放到户。",
                "发放对象名单已在村（社区）公示，接受群众监督。",
                "对新增对象实行“随报随审、按月发放”。",
            ],
            Kind::Train => &[
                "培训内容涵盖理论教学和实操训练，考核合格后颁发证书。",
                "培训采取“订单式”“定向式”方式，与用人单位需求对接。",
            ],
        }
    }

    /// What a report adds about finished work.
    fn done_detail(self) -> &'static [&'static str] {
        match self {
            Kind::Build => &[
                "竣工验收由{P}住建局组织，工程质量评定为合格。",
                "项目已办理移交手续，运营管理单位已经明确。",
            ],
            Kind::Renovate => &[
                "改造完成后，群众生活条件明显改善。",
                "改造资料已整理归档，后续管养责任已落实到位。",
            ],
            Kind::Service => &["服务对象满意度调查结果良好。", "服务已纳入常态化工作机制。"],
            Kind::Subsidy => &[
                "资金发放情况已在{P}政府门户网站公示。",
                "经抽查核实，资金发放准确率达到100%。",
            ],
            Kind::Train => &[
                "参训人员考核合格率达到{sat}%。",
                "培训后实现就业或提升岗位技能的人员占多数。",
            ],
        }
    }

    /// Range of planned budgets for a prefecture, in 万元.
    fn budget(self) -> (i64, i64) {
        match self {
            Kind::Build => (500, 30000),
            Kind::Renovate => (200, 15000),
            Kind::Service | Kind::Train => (50, 2000),
            Kind::Subsidy => (100, 20000),
        }
    }
}

/// A figure a theme reports: from the title's count (`from_n`), or drawn from `lo..=hi` in
/// units of 10^-`dec` for a prefecture and scaled down for counties.
struct Metric {
    name: &'static str,
    unit: &'static str,
    lo: i64,
    hi: i64,
    dec: u32,
    from_n: bool,
}

const fn n(name: &'static str, unit: &'static str) -> Metric {
    Metric {
        name,
        unit,
        lo: 0,
        hi: 0,
        dec: 0,
        from_n: true,
    }
}

const fn m(name: &'static str, unit: &'static str, lo: i64, hi: i64, dec: u32) -> Metric {
    Metric {
        name,
        unit,
        lo,
        hi,
        dec,
        from_n: false,
    }
}

/// A kind of pledge that recurs across cities and years. Titles may use `{n}` (the count, drawn
/// from `n`), `{city}` (青阳市) and `{core}` (青阳).
struct Theme {
    id: &'static str,
    domain: usize,
    kind: Kind,
    leads: &'static [&'static str],
    titles: &'static [&'static str],
    n: (i64, i64),
    metrics: &'static [Metric],
}

use Kind::{Build, Renovate, Service, Subsidy, Train};

// One theme per entry; rustfmt's layout would spread each over a dozen lines.
#[rustfmt::skip]
const THEMES: &[Theme] = &[
    // Education
    Theme { id: "school-construction", domain: EDU, kind: Build, leads: &["教育局"], n: (3, 20),
        titles: &["新建改扩建中小学校{n}所", "新建改扩建义务教育学校{n}所", "{city}义务教育学校扩容提质工程"],
        metrics: &[n("新建改扩建学校", "所"), m("新增义务教育学位", "个", 1500, 15000, 0), m("建设面积", "万平方米", 10, 120, 1)] },
    Theme { id: "kindergartens", domain: EDU, kind: Build, leads: &["教育局"], n: (3, 15),
        titles: &["新建改扩建公办幼儿园{n}所", "农村公办幼儿园建设{n}所"],
        metrics: &[n("新建改扩建幼儿园", "所"), m("新增学前教育学位", "个", 600, 5000, 0)] },
    Theme { id: "classroom-lighting", domain: EDU, kind: Renovate, leads: &["教育局"], n: (500, 4000),
        titles: &["中小学教室照明改造{n}间", "完成{n}间中小学教室照明提升改造"],
        metrics: &[n("改造教室", "间"), m("涉及学校", "所", 20, 160, 0)] },
    Theme { id: "school-counselling", domain: EDU, kind: Build, leads: &["教育局"], n: (20, 200),
        titles: &["建设中小学标准化心理辅导室{n}个", "中小学生心理健康服务提升行动"],
        metrics: &[n("建成心理辅导室", "个"), m("开展心理健康测评", "人次", 8000, 200000, 0)] },
    Theme { id: "after-school-services", domain: EDU, kind: Service, leads: &["教育局"], n: (30, 400),
        titles: &["义务教育阶段课后服务全覆盖", "开展中小学暑期托管服务", "中小学课后服务提质扩面行动"],
        metrics: &[n("覆盖学校", "所"), m("参与学生", "人", 5000, 150000, 0), m("课后服务参与率", "%", 850, 990, 1)] },
    Theme { id: "school-canteens", domain: EDU, kind: Renovate, leads: &["教育局", "市场监管局"], n: (10, 120),
        titles: &["农村学校食堂改造提升{n}所", "中小学校食堂“明厨亮灶”改造{n}所"],
        metrics: &[n("改造学校食堂", "所"), m("惠及学生", "人", 4000, 90000, 0)] },
    Theme { id: "student-screening", domain: EDU, kind: Service, leads: &["教育局", "卫健委"], n: (30000, 400000),
        titles: &["中小学生近视和脊柱侧弯筛查", "儿童青少年近视防控筛查全覆盖"],
        metrics: &[n("完成筛查", "人"), m("建立电子健康档案", "份", 20000, 400000, 0)] },
    // Childcare
    Theme { id: "childcare-places", domain: CHILD, kind: Build, leads: &["卫健委"], n: (300, 3000),
        titles: &["新增普惠性托位{n}个", "普惠托育服务扩容工程"],
        metrics: &[n("新增普惠性托位", "个"), m("新建托育机构", "家", 3, 30, 0)] },
    Theme { id: "community-childcare", domain: CHILD, kind: Build, leads: &["卫健委"], n: (5, 40),
        titles: &["建设社区嵌入式托育服务点{n}个", "社区婴幼儿照护服务点建设{n}个"],
        metrics: &[n("建成托育服务点", "个"), m("提供托位", "个", 150, 1500, 0)] },
    Theme { id: "childcare-subsidy", domain: CHILD, kind: Subsidy, leads: &["卫健委", "财政局"], n: (800, 20000),
        titles: &["发放婴幼儿托育服务补贴", "三孩家庭育儿补贴发放"],
        metrics: &[n("惠及家庭", "户"), m("发放补贴资金", "万元", 800, 30000, 1)] },
    Theme { id: "childcare-training", domain: CHILD, kind: Train, leads: &["卫健委", "人社局"], n: (300, 3000),
        titles: &["托育从业人员职业技能培训{n}人次", "开展婴幼儿照护技能培训"],
        metrics: &[n("培训托育从业人员", "人次")] },
    Theme { id: "employer-childcare", domain: CHILD, kind: Build, leads: &["总工会", "卫健委"], n: (5, 40),
        titles: &["建设职工爱心托管班{n}个", "用人单位办托试点{n}家"],
        metrics: &[n("开办托管班", "个"), m("服务职工子女", "人", 200, 3000, 0)] },
    // Healthcare
    Theme { id: "township-hospitals", domain: HEALTH, kind: Renovate, leads: &["卫健委"], n: (5, 40),
        titles: &["乡镇卫生院服务能力提升{n}家", "提升{n}家乡镇卫生院服务能力"],
        metrics: &[n("完成提升的乡镇卫生院", "家"), m("新增业务用房", "平方米", 1000, 20000, 0)] },
    Theme { id: "village-clinics", domain: HEALTH, kind: Renovate, leads: &["卫健委"], n: (20, 300),
        titles: &["村卫生室标准化建设{n}个", "{n}个村卫生室提档升级"],
        metrics: &[n("完成标准化建设的村卫生室", "个"), m("村卫生室标准化建设率", "%", 900, 1000, 1)] },
    Theme { id: "hospital-construction", domain: HEALTH, kind: Build, leads: &["卫健委", "发改委"], n: (1, 1),
        titles: &["{city}人民医院新院区建设", "{city}中医院门急诊综合楼建设", "{city}妇幼保健院迁建工程"],
        metrics: &[m("新增床位", "张", 200, 1200, 0), m("建筑面积", "万平方米", 20, 150, 1)] },
    Theme { id: "family-doctors", domain: HEALTH, kind: Service, leads: &["卫健委"], n: (20000, 300000),
        titles: &["家庭医生签约服务扩面提质", "重点人群家庭医生签约{n}人"],
        metrics: &[n("签约重点人群", "人"), m("重点人群签约率", "%", 700, 950, 1)] },
    Theme { id: "cancer-screening", domain: HEALTH, kind: Service, leads: &["卫健委", "妇联"], n: (5000, 80000),
        titles: &["适龄妇女“两癌”免费筛查{n}人", "开展适龄妇女宫颈癌乳腺癌免费筛查"],
        metrics: &[n("完成“两癌”筛查", "人")] },
    Theme { id: "prenatal-checks", domain: HEALTH, kind: Service, leads: &["卫健委"], n: (1000, 15000),
        titles: &["免费孕前优生健康检查{n}对", "实施免费孕前优生健康检查项目"],
        metrics: &[n("完成孕前优生健康检查", "对"), m("目标人群覆盖率", "%", 800, 980, 1)] },
    Theme { id: "emergency-stations", domain: HEALTH, kind: Build, leads: &["卫健委"], n: (3, 20),
        titles: &["建设院前急救站点{n}个", "完善城乡院前急救网络新建站点{n}个"],
        metrics: &[n("新建急救站点", "个"), m("新增救护车", "辆", 3, 30, 0)] },
    // Elderly care
    Theme { id: "elder-canteens", domain: ELDER, kind: Build, leads: &["民政局"], n: (10, 120),
        titles: &["新建长者食堂{n}个", "建设社区老年助餐点{n}个"],
        metrics: &[n("建成长者食堂", "个"), m("累计助餐服务", "人次", 20000, 600000, 0)] },
    Theme { id: "home-adaptation", domain: ELDER, kind: Renovate, leads: &["民政局"], n: (300, 5000),
        titles: &["特殊困难老年人家庭适老化改造{n}户", "困难老年人家庭适老化改造"],
        metrics: &[n("完成适老化改造", "户")] },
    Theme { id: "eldercare-centres", domain: ELDER, kind: Build, leads: &["民政局"], n: (3, 25),
        titles: &["建设街道综合养老服务中心{n}个", "新建社区嵌入式养老服务中心{n}个"],
        metrics: &[n("建成养老服务中心", "个"), m("新增养老床位", "张", 100, 1500, 0)] },
    Theme { id: "nursing-homes", domain: ELDER, kind: Renovate, leads: &["民政局"], n: (3, 30),
        titles: &["乡镇敬老院改造提升{n}所", "农村特困供养服务机构提质改造{n}所"],
        metrics: &[n("完成改造", "所"), m("改造护理型床位", "张", 50, 800, 0)] },
    Theme { id: "eldercare-training", domain: ELDER, kind: Train, leads: &["民政局", "人社局"], n: (500, 5000),
        titles: &["养老护理员职业技能培训{n}人次", "开展养老护理员技能提升培训"],
        metrics: &[n("培训养老护理员", "人次")] },
    Theme { id: "home-care-beds", domain: ELDER, kind: Build, leads: &["民政局"], n: (200, 3000),
        titles: &["建设家庭养老床位{n}张", "设立家庭养老照护床位{n}张"],
        metrics: &[n("建成家庭养老床位", "张")] },
    Theme { id: "elderly-allowance", domain: ELDER, kind: Subsidy, leads: &["民政局", "财政局"], n: (10000, 200000),
        titles: &["按时足额发放高龄老人津贴", "提高80周岁以上老年人高龄津贴标准"],
        metrics: &[n("发放高龄津贴", "人"), m("发放资金", "万元", 3000, 90000, 1)] },
    // Social assistance
    Theme { id: "disabled-children-rehab", domain: SOCIAL, kind: Service, leads: &["残联"], n: (200, 3000),
        titles: &["残疾儿童康复救助{n}人", "实施残疾儿童康复救助项目"],
        metrics: &[n("救助残疾儿童", "人")] },
    Theme { id: "accessibility-homes", domain: SOCIAL, kind: Renovate, leads: &["残联"], n: (200, 3000),
        titles: &["困难重度残疾人家庭无障碍改造{n}户", "残疾人家庭无障碍改造{n}户"],
        metrics: &[n("完成无障碍改造", "户")] },
    Theme { id: "assistance-standards", domain: SOCIAL, kind: Subsidy, leads: &["民政局", "财政局"], n: (5000, 120000),
        titles: &["提高城乡低保和特困人员救助供养标准", "提高城乡居民最低生活保障标准"],
        metrics: &[n("惠及困难群众", "人"), m("发放救助资金", "万元", 5000, 300000, 1)] },
    Theme { id: "emergency-relief", domain: SOCIAL, kind: Subsidy, leads: &["民政局"], n: (300, 8000),
        titles: &["开展“救急难”临时救助", "困难群众临时救助{n}人次"],
        metrics: &[n("实施临时救助", "人次"), m("发放救助金", "万元", 500, 20000, 1)] },
    Theme { id: "children-homes", domain: SOCIAL, kind: Build, leads: &["民政局", "妇联", "团*委"], n: (20, 200),
        titles: &["建设村（社区）儿童之家{n}个", "新建规范化儿童之家{n}个"],
        metrics: &[n("建成儿童之家", "个"), m("开展关爱服务", "人次", 5000, 80000, 0)] },
    Theme { id: "veterans-stations", domain: SOCIAL, kind: Build, leads: &["退役军人事务局"], n: (20, 300),
        titles: &["退役军人服务站规范化建设{n}个", "村（社区）退役军人服务站提质{n}个"],
        metrics: &[n("完成规范化建设", "个")] },
    Theme { id: "legal-aid", domain: SOCIAL, kind: Service, leads: &["司法局"], n: (500, 6000),
        titles: &["为困难群众提供法律援助{n}件", "公共法律服务提质惠民行动"],
        metrics: &[n("办理法律援助案件", "件"), m("提供法律咨询", "人次", 5000, 80000, 0)] },
    // Employment
    Theme { id: "urban-jobs", domain: JOBS, kind: Service, leads: &["人社局"], n: (3000, 80000),
        titles: &["城镇新增就业{n}人", "实现城镇新增就业{n}人以上"],
        metrics: &[n("城镇新增就业", "人"), m("失业人员再就业", "人", 500, 15000, 0)] },
    Theme { id: "skills-training", domain: JOBS, kind: Train, leads: &["人社局"], n: (3000, 50000),
        titles: &["开展补贴性职业技能培训{n}人次", "实施职业技能提升行动"],
        metrics: &[n("补贴性职业技能培训", "人次"), m("取得职业资格证书", "人", 1000, 20000, 0)] },
    Theme { id: "graduate-internships", domain: JOBS, kind: Service, leads: &["人社局", "团*委"], n: (500, 6000),
        titles: &["募集高校毕业生就业见习岗位{n}个", "高校毕业生就业见习岗位{n}个"],
        metrics: &[n("募集见习岗位", "个")] },
    Theme { id: "startup-loans", domain: JOBS, kind: Subsidy, leads: &["人社局", "财政局"], n: (5000, 100000),
        titles: &["发放创业担保贷款{n}万元", "创业担保贷款扶持创业带动就业"],
        metrics: &[n("发放创业担保贷款", "万元"), m("扶持创业", "人", 200, 5000, 0)] },
    Theme { id: "job-stations", domain: JOBS, kind: Build, leads: &["人社局", "总工会"], n: (5, 60),
        titles: &["建设零工市场和就业驿站{n}个", "新建社区就业驿站{n}个"],
        metrics: &[n("建成就业驿站", "个"), m("发布岗位信息", "条", 2000, 50000, 0)] },
    Theme { id: "wage-arrears", domain: JOBS, kind: Service, leads: &["人社局"], n: (500, 20000),
        titles: &["为农民工追讨欠薪{n}万元", "开展根治欠薪专项行动"],
        metrics: &[n("追讨欠薪", "万元"), m("涉及劳动者", "人", 300, 8000, 0)] },
    // Housing
    Theme { id: "old-residential-renovation", domain: HOUSING, kind: Renovate, leads: &["住建局"], n: (10, 150),
        titles: &["改造城镇老旧小区{n}个", "城镇老旧小区改造{n}个"],
        metrics: &[n("改造老旧小区", "个"), m("惠及居民", "户", 2000, 40000, 0), m("改造建筑面积", "万平方米", 50, 600, 1)] },
    Theme { id: "resettlement-housing", domain: HOUSING, kind: Build, leads: &["住建局"], n: (500, 8000),
        titles: &["棚户区改造安置房建设{n}套", "新开工棚户区改造安置房{n}套"],
        metrics: &[n("建设安置房", "套")] },
    Theme { id: "rental-housing", domain: HOUSING, kind: Build, leads: &["住建局", "住房公积金中心"], n: (300, 10000),
        titles: &["筹集保障性租赁住房{n}套", "建设筹集保障性租赁住房{n}套"],
        metrics: &[n("筹集保障性租赁住房", "套")] },
    Theme { id: "lift-retrofits", domain: HOUSING, kind: Renovate, leads: &["住建局"], n: (20, 600),
        titles: &["既有住宅加装电梯{n}部", "老旧住宅加装电梯{n}部"],
        metrics: &[n("完成加装电梯", "部")] },
    Theme { id: "rural-housing-safety", domain: HOUSING, kind: Renovate, leads: &["住建局"], n: (100, 3000),
        titles: &["农村低收入群体危房改造{n}户", "农村危房改造和抗震改造{n}户"],
        metrics: &[n("完成危房改造", "户")] },
    // Transport
    Theme { id: "rural-roads", domain: TRANSPORT, kind: Build, leads: &["交通运输局"], n: (50, 900),
        titles: &["新改建农村公路{n}公里", "“四好农村路”提质改造{n}公里"],
        metrics: &[n("新改建农村公路", "公里"), m("改造危桥", "座", 2, 40, 0)] },
    Theme { id: "bus-routes", domain: TRANSPORT, kind: Service, leads: &["交通运输局", "@公交集团"], n: (5, 40),
        titles: &["新开和优化公交线路{n}条", "优化调整城区公交线路{n}条"],
        metrics: &[n("新开优化公交线路", "条"), m("更新新能源公交车", "辆", 20, 300, 0)] },
    Theme { id: "parking", domain: TRANSPORT, kind: Build, leads: &["城管局", "住建局"], n: (1000, 20000),
        titles: &["新增公共停车泊位{n}个", "建设公共停车场新增泊位{n}个"],
        metrics: &[n("新增公共停车泊位", "个")] },
    Theme { id: "charging-points", domain: TRANSPORT, kind: Build, leads: &["发改委", "工信局"], n: (200, 5000),
        titles: &["建设电动汽车公共充电桩{n}个", "新建公共充电桩{n}个"],
        metrics: &[n("建成公共充电桩", "个")] },
    Theme { id: "dead-end-roads", domain: TRANSPORT, kind: Build, leads: &["住建局", "交通运输局"], n: (3, 25),
        titles: &["打通城区断头路{n}条", "城区道路畅通工程打通断头路{n}条"],
        metrics: &[n("打通断头路", "条"), m("新改建道路", "公里", 30, 600, 1)] },
    Theme { id: "bus-shelters", domain: TRANSPORT, kind: Build, leads: &["交通运输局"], n: (30, 400),
        titles: &["农村客运候车亭建设{n}个", "新建改造农村客运候车亭{n}个"],
        metrics: &[n("建成候车亭", "个")] },
    // Water
    Theme { id: "rural-water-supply", domain: WATER, kind: Build, leads: &["水利局"], n: (5, 60),
        titles: &["农村供水保障工程{n}处", "实施农村规模化供水工程{n}处"],
        metrics: &[n("建成供水工程", "处"), m("受益人口", "万人", 5, 300, 1)] },
    Theme { id: "water-mains", domain: WATER, kind: Renovate, leads: &["住建局", "@水务集团"], n: (10, 150),
        titles: &["改造城区老旧供水管网{n}公里", "城区供水管网改造{n}公里"],
        metrics: &[n("改造供水管网", "公里"), m("改造二次供水设施小区", "个", 10, 120, 0)] },
    Theme { id: "river-works", domain: WATER, kind: Build, leads: &["水利局"], n: (10, 120),
        titles: &["中小河流治理{n}公里", "实施中小河流治理工程{n}公里"],
        metrics: &[n("完成河道治理", "公里")] },
    Theme { id: "reservoir-safety", domain: WATER, kind: Renovate, leads: &["水利局"], n: (3, 40),
        titles: &["病险水库除险加固{n}座", "小型水库除险加固工程{n}座"],
        metrics: &[n("完成除险加固", "座")] },
    Theme { id: "waterlogging", domain: WATER, kind: Renovate, leads: &["住建局", "城管局"], n: (5, 60),
        titles: &["城区易涝点整治{n}处", "整治城区内涝积水点{n}处"],
        metrics: &[n("完成整治", "处")] },
    // Environment
    Theme { id: "sewer-network", domain: ENV, kind: Build, leads: &["住建局"], n: (20, 300),
        titles: &["新建改造城市污水管网{n}公里", "新建改造生活污水管网{n}公里"],
        metrics: &[n("新建改造污水管网", "公里")] },
    Theme { id: "rural-sewage", domain: ENV, kind: Build, leads: &["生态环境局", "农业农村局"], n: (20, 200),
        titles: &["农村生活污水治理{n}个行政村", "推进{n}个村庄生活污水治理"],
        metrics: &[n("完成治理的行政村", "个")] },
    Theme { id: "rural-toilets", domain: ENV, kind: Renovate, leads: &["农业农村局"], n: (1000, 20000),
        titles: &["农村户厕改造{n}座", "改造农村卫生户厕{n}座"],
        metrics: &[n("改造农村户厕", "座"), m("改造农村公厕", "座", 20, 400, 0)] },
    Theme { id: "pocket-parks", domain: ENV, kind: Build, leads: &["住建局", "城管局", "自然资源和规划局"], n: (10, 100),
        titles: &["建设口袋公园{n}个", "新建城市口袋公园{n}个"],
        metrics: &[n("建成口袋公园", "个"), m("新增绿地面积", "万平方米", 20, 400, 1)] },
    Theme { id: "waste-sorting", domain: ENV, kind: Service, leads: &["城管局"], n: (20, 300),
        titles: &["生活垃圾分类示范小区创建{n}个", "推进城区生活垃圾分类全覆盖"],
        metrics: &[n("创建示范小区", "个"), m("生活垃圾回收利用率", "%", 350, 600, 1)] },
    Theme { id: "public-toilets", domain: ENV, kind: Build, leads: &["城管局"], n: (20, 200),
        titles: &["新建改造城市公厕{n}座", "改造提升城区公厕{n}座"],
        metrics: &[n("新建改造公厕", "座")] },
    Theme { id: "greenways", domain: ENV, kind: Build, leads: &["自然资源和规划局", "住建局", "林业局"], n: (10, 150),
        titles: &["建设城乡绿道{n}公里", "新建城市绿道{n}公里"],
        metrics: &[n("建成绿道", "公里")] },
    // Culture and sports
    Theme { id: "fitness-trails", domain: CULTURE, kind: Build, leads: &["体育局"], n: (10, 150),
        titles: &["新建全民健身步道{n}公里", "建设城乡健身步道{n}公里"],
        metrics: &[n("建成健身步道", "公里")] },
    Theme { id: "sports-grounds", domain: CULTURE, kind: Build, leads: &["体育局"], n: (10, 120),
        titles: &["建设社区多功能运动场{n}个", "新建村级体育健身场地{n}个"],
        metrics: &[n("建成运动场地", "个")] },
    Theme { id: "rural-performances", domain: CULTURE, kind: Service, leads: &["文广旅局"], n: (200, 3000),
        titles: &["农村公益电影放映和送戏下乡{n}场", "送戏下乡演出{n}场"],
        metrics: &[n("完成演出放映", "场")] },
    Theme { id: "city-reading-rooms", domain: CULTURE, kind: Build, leads: &["文广旅局"], n: (5, 50),
        titles: &["建设城市书房{n}个", "新建城市书房和农家书屋{n}个"],
        metrics: &[n("建成城市书房", "个"), m("新增藏书", "万册", 10, 200, 1)] },
    Theme { id: "school-sports-opening", domain: CULTURE, kind: Service, leads: &["体育局", "教育局"], n: (20, 300),
        titles: &["学校体育场地向社会开放{n}所", "推动公共体育场馆免费低收费开放"],
        metrics: &[n("开放学校体育场地", "所")] },
    Theme { id: "cultural-events", domain: CULTURE, kind: Service, leads: &["文广旅局"], n: (200, 3000),
        titles: &["举办群众文化活动{n}场", "开展“文化惠民”系列活动{n}场"],
        metrics: &[n("举办群众文化活动", "场"), m("参与群众", "万人次", 50, 1200, 1)] },
    // Public services
    Theme { id: "online-services", domain: PUBLIC, kind: Service, leads: &["政务服务数据管理局", "行政审批服务局"], n: (20, 300),
        titles: &["推出高频政务服务事项“一网通办”{n}项", "政务服务“一件事一次办”改革"],
        metrics: &[n("实现“一网通办”事项", "项"), m("网上可办率", "%", 900, 995, 1)] },
    Theme { id: "farmers-markets", domain: PUBLIC, kind: Renovate, leads: &["商务局", "市场监管局"], n: (5, 50),
        titles: &["改造提升农贸市场{n}个", "农贸市场标准化改造{n}个"],
        metrics: &[n("完成改造农贸市场", "个")] },
    Theme { id: "community-centres", domain: PUBLIC, kind: Build, leads: &["民政局"], n: (10, 150),
        titles: &["建设城乡社区综合服务设施{n}个", "新建改造社区党群服务中心{n}个"],
        metrics: &[n("建成社区综合服务设施", "个")] },
    Theme { id: "rural-grid", domain: PUBLIC, kind: Renovate, leads: &["发改委", "能源局"], n: (20, 300),
        titles: &["农村电网巩固提升工程{n}个村", "改造升级农村电网{n}个行政村"],
        metrics: &[n("完成电网改造的行政村", "个")] },
    Theme { id: "gas-mains", domain: PUBLIC, kind: Build, leads: &["住建局"], n: (20, 300),
        titles: &["城镇燃气管网延伸{n}公里", "新建城镇燃气管网{n}公里"],
        metrics: &[n("新建燃气管网", "公里"), m("新增通气用户", "户", 2000, 40000, 0)] },
    Theme { id: "5g-stations", domain: PUBLIC, kind: Build, leads: &["工信局"], n: (300, 5000),
        titles: &["新建5G基站{n}个", "建设5G基站{n}个实现城乡连续覆盖"],
        metrics: &[n("建成5G基站", "个")] },
    Theme { id: "convenience-circles", domain: PUBLIC, kind: Build, leads: &["商务局"], n: (5, 40),
        titles: &["打造“一刻钟便民生活圈”{n}个", "建设城市一刻钟便民生活圈{n}个"],
        metrics: &[n("建成便民生活圈", "个")] },
    // Public safety
    Theme { id: "gas-pipe-renewal", domain: SAFETY, kind: Renovate, leads: &["住建局"], n: (20, 400),
        titles: &["城市燃气管道老化更新改造{n}公里", "老旧燃气管道更新改造{n}公里"],
        metrics: &[n("更新改造燃气管道", "公里"), m("改造居民户内设施", "户", 2000, 60000, 0)] },
    Theme { id: "fire-stations", domain: SAFETY, kind: Build, leads: &["消防救援支队"], n: (3, 60),
        titles: &["建设小型消防救援站{n}个", "新建社区微型消防站{n}个"],
        metrics: &[n("建成消防站", "个")] },
    Theme { id: "food-safety-tests", domain: SAFETY, kind: Service, leads: &["市场监管局"], n: (2000, 30000),
        titles: &["食品安全抽检{n}批次", "开展食品安全监督抽检{n}批次"],
        metrics: &[n("完成抽检", "批次"), m("抽检合格率", "%", 960, 995, 1)] },
    Theme { id: "smart-security", domain: SAFETY, kind: Build, leads: &["公安局"], n: (20, 300),
        titles: &["建设智慧安防小区{n}个", "新建智慧安防小区{n}个"],
        metrics: &[n("建成智慧安防小区", "个")] },
    Theme { id: "ebike-charging", domain: SAFETY, kind: Build, leads: &["应急管理局", "消防救援支队"], n: (1000, 30000),
        titles: &["建设电动自行车集中充电端口{n}个", "新增电动自行车充电端口{n}个"],
        metrics: &[n("新增充电端口", "个")] },
    Theme { id: "drowning-prevention", domain: SAFETY, kind: Build, leads: &["教育局", "应急管理局", "水利局"], n: (50, 600),
        titles: &["完善重点水域防溺水设施{n}处", "防溺水安全设施建设{n}处"],
        metrics: &[n("完善防溺水设施", "处")] },
    Theme { id: "campus-security", domain: SAFETY, kind: Build, leads: &["公安局", "教育局"], n: (30, 400),
        titles: &["校园安全防范设施提升{n}所", "中小学幼儿园安防设施提升{n}所"],
        metrics: &[n("完成安防提升的学校", "所")] },
];

/// Departments as lists name them, without the level word: 教育局 is 市教育局 in a city and
/// 县教育局 in a county. `*` marks where the level word goes inside the name (团市委), `@`
/// a company named after the city (青阳公交集团).
#[rustfmt::skip]
const DEPARTMENTS: &[&str] = &[
    "教育局", "卫健委", "民政局", "人社局", "住建局", "交通运输局", "水利局", "生态环境局",
    "文广旅局", "体育局", "医保局", "公安局", "应急管理局", "市场监管局", "城管局",
    "自然资源和规划局", "农业农村局", "财政局", "发改委", "工信局", "商务局", "司法局",
    "退役军人事务局", "残联", "妇联", "总工会", "团*委", "政务服务数据管理局", "行政审批服务局",
    "住房公积金中心", "消防救援支队", "疾控中心", "红十字会", "科技局", "林业局", "能源局",
    "机关事务管理局", "供销社", "@公交集团", "@水务集团",
];

const REASONS: &[&str] = &[
    "征地拆迁进展缓慢",
    "设计方案调整",
    "上级补助资金未及时到位",
    "用地手续办理滞后",
    "项目选址变更",
    "汛期持续降雨",
    "相关政策调整",
    "招标两次流标",
];

const NOTE_NOT_STARTED: &[&str] = &[
    "项目正在开展前期工作，已完成方案设计，预计{next_month}月开工。",
    "项目已完成立项审批，正在进行招标采购。",
    "项目选址已确定，用地手续正在办理。",
    "实施方案已印发，相关准备工作正在推进。",
];

const NOTE_STALLED: &[&str] = &[
    "因{reason}，项目暂停实施，牵头单位正在协调解决。",
    "受{reason}影响，项目处于停滞状态，已列入{P}政府重点督办事项。",
];

const NOTE_PARTIAL: &[&str] = &[
    "年度任务完成{pct}%，{metric}完成{done}{unit}，剩余任务结转下一年度实施。",
    "受{reason}影响，年内{metric}{done}{unit}，未完成部分将在下一年度继续推进。",
];

const NOTE_NOT_DONE: &[&str] = &[
    "因{reason}，年度目标未能完成，{metric}仅完成{done}{unit}。",
    "受{reason}影响，项目年内未能完成，牵头单位已向{P}人大常委会作出说明。",
];

const NOTE_CARRIED: &[&str] = &[
    "项目为跨年度建设项目，年底总体进度{pct}%，将结转下一年度继续实施。",
    "项目按跨年度计划推进，年内完成总工程量的{pct}%，剩余工程明年完成。",
];

const NOTE_CANCELLED: &[&str] = &[
    "因{reason}，经{P}政府常务会议研究，该项目调整出本年度民生实事清单。",
    "因{reason}，该项目不再作为本年度为民办实事项目实施，资金统筹用于其他民生项目。",
];

const NOTE_GOING: &[&str] = &[
    "下一步将加快推进，确保按期完成年度目标任务。",
    "牵头单位实行周调度、月通报，及时协调解决存在的问题。",
    "各责任单位按照时间节点有序推进。",
    "{P}政府督查室已开展实地督查。",
];

const NOTE_BEHIND: &[&str] = &[
    "受{reason}影响，进度慢于序时，牵头单位已制定赶工计划。",
    "该项目已列入重点督办事项，实行挂图作战、倒排工期。",
];

const NOTE_DONE: &[&str] = &[
    "经第三方评估，群众满意度达到{sat}%。",
    "项目已移交使用单位，群众反映良好。",
    "相关资料已整理归档，接受人大代表和群众监督。",
];

const NOTE_MEASURES: &[&str] = &[
    "{lead}会同{partner}建立联席会议制度，每月召开推进会，研究解决项目推进中的困难和问题。",
    "{P}政府将该项目纳入重点督查范围，由分管领导定期调度，确保资金、人员和措施落实到位。",
    "项目实行“一个项目、一名责任领导、一套推进方案”，进展情况每月在{P}政府门户网站公开。",
    "{lead}组织人大代表、政协委员和群众代表现场察看，收集意见建议{sessions}条并逐条整改。",
];

const NOTE_FILLERS: &[&str] = &[
    "{lead}将持续跟踪项目实施成效。",
    "项目实施情况在{P}政府门户网站公开，接受社会监督。",
    "{P}人大代表对项目进行了视察。",
    "项目进展纳入{P}政府年度绩效考核。",
    "{lead}已将有关情况报{P}政府。",
];

const SUMMARY_AIM: &str = "{aim}，{city}将“{title}”列入{year}年为民办实事项目。";
const SUMMARY_LEAD: &str = "项目由{lead}牵头，{partner}等单位配合实施。";
const SUMMARY_BUDGET: &str = "计划总投资{planned}万元，资金由{funding}。";

const SUMMARY_FILLERS: &[&str] = &[
    "项目列入{P}委、{P}政府年度重点工作，实行清单化管理、项目化推进。",
    "{P}人大常委会对项目实施情况开展跟踪监督。",
    "项目完成后将惠及城乡广大群众。",
    "牵头单位每季度向社会公开进展情况。",
];

const YEAR_TITLES: [&str; 3] = [
    "{year}年{city}为民办实事项目",
    "{city}{year}年民生实事项目",
    "{year}年{city}{count}项民生实事",
];

const YEAR_FILLERS: &[&str] = &[
    "各项目均明确了牵头单位、责任人和完成时限，实行清单化管理、项目化推进。",
    "项目清单经公开征集、专家论证和{P}人大常委会票决产生。",
];
