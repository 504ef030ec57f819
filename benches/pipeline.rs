//! Where build time goes, stage by stage: load and validate, render, charts, write; and
//! what the preview's check costs after a save.
//!
//!     cargo bench --bench pipeline
//!     SHISHI_BENCH_ROOT=/path/to/corpus cargo bench --bench pipeline
//!
//! The portal is the sample in content/ unless SHISHI_BENCH_ROOT names another (for example
//! a corpus from `cargo run --release --example gen_corpus`). Per-page figures come from
//! criterion's throughput: elements are pages, or files for the write stage.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use shishi::charts::{self, YearBar};
use shishi::history::History;
use shishi::pipeline;
use std::path::PathBuf;

fn root() -> PathBuf {
    std::env::var_os("SHISHI_BENCH_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn stages(c: &mut Criterion) {
    let root = root();
    let checked = pipeline::check(&root);
    assert!(
        !checked.has_errors(),
        "the benchmark portal does not check cleanly"
    );
    let mut portal = checked.portal.expect("a portal");
    // History is its own cost (reading git); the stages here measure the generator alone.
    let history = History::default();
    let files = pipeline::render_site(&root, &mut portal, None, &history)
        .expect("renders")
        .files;
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count() as u64;

    let mut group = c.benchmark_group("stages");
    // A large corpus takes seconds per run; ten samples still give a stable median.
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages));
    group.bench_function("load+validate+model", |b| b.iter(|| pipeline::check(&root)));
    group.bench_function("render (pages, charts, data, feeds, search)", |b| {
        b.iter_batched(
            || pipeline::check(&root).portal.expect("a portal"),
            |mut p| pipeline::render_site(&root, &mut p, None, &history).expect("renders"),
            BatchSize::PerIteration,
        )
    });
    group.throughput(Throughput::Elements(files.len() as u64));
    let scratch = tempfile::tempdir().expect("a scratch folder");
    group.bench_function("write (fresh output)", |b| {
        let mut n = 0;
        b.iter(|| {
            n += 1;
            shishi::write::write_site(&scratch.path().join(format!("fresh-{n}")), &files)
                .expect("writes")
        })
    });
    let same = scratch.path().join("same");
    shishi::write::write_site(&same, &files).expect("writes");
    group.bench_function("write (unchanged output)", |b| {
        b.iter(|| shishi::write::write_site(&same, &files).expect("writes"))
    });
    group.finish();
}

/// What the preview does after a save: check again with a kept checker, which reads only
/// the edited city. The portal is copied to a scratch folder, where one year file is
/// rewritten before each check.
fn recheck(c: &mut Criterion) {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let root = scratch.path();
    copy(&self::root().join("content"), &root.join("content"));
    let year = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| {
            p.extension().is_some_and(|x| x == "yaml")
                && !p.ends_with("site.yaml")
                && !p.ends_with("city.yaml")
        })
        .expect("a year file");
    let text = std::fs::read_to_string(&year).expect("readable");
    let mut checker = shishi::checker::Checker::new(root);
    assert!(
        checker.check().portal.is_some(),
        "the portal checks cleanly"
    );
    let mut n = 0u64;
    c.bench_function("check again after one year file is saved", |b| {
        b.iter(|| {
            n += 1;
            std::fs::write(&year, format!("{text}\n# {n}\n")).expect("writes");
            let checked = checker.check();
            assert_eq!(checker.cities_read(), 1);
            checked
        })
    });
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

fn chart(c: &mut Criterion) {
    let bars: Vec<YearBar> = (2015..2025)
        .map(|y| YearBar {
            label: y.to_string(),
            pledged: Some(40.0),
            completed: Some(f64::from(y % 7 + 30)),
            note: None,
        })
        .collect();
    c.bench_function("chart: ten years, year over year", |b| {
        b.iter(|| {
            charts::year_over_year(
                "yoy",
                "泉州市历年承诺与完成",
                "各年公布的项目数与已完成数。",
                "承诺项目",
                "已完成",
                &bars,
            )
        })
    });
}

criterion_group!(benches, stages, recheck, chart);
criterion_main!(benches);
