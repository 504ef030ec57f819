//! `shishi new`: skeleton content files that already pass `shishi check`, with comments
//! that tell an editor what each field is for, and a modeline so their editor completes
//! and checks fields against the schema while they type.

use crate::content::{CityFile, SiteFile};
use crate::schema::{self, Kind};
use crate::vocab::Level;
use anyhow::{bail, Context as _, Result};
use std::path::{Path, PathBuf};

pub struct NewCity<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub level: Level,
    pub parent: Option<&'a str>,
}

/// Writes `content/<slug>/city.yaml`; returns the files written.
pub fn city(root: &Path, new: &NewCity) -> Result<Vec<PathBuf>> {
    check_slug(new.slug, "city slug")?;
    let content = content_dir(root)?;
    let dir = content.join(new.slug);
    if dir.exists() {
        bail!(
            "{} already exists\n  = hint: to add a year to it, run: shishi new year {} <year>",
            dir.display(),
            new.slug
        );
    }
    if let Some(parent) = new.parent {
        check_slug(parent, "parent")?;
        if !content.join(parent).join("city.yaml").is_file() {
            bail!(
                "there is no city {parent} to be the parent (no content/{parent}/city.yaml)\n  = hint: create the parent first, or leave out --parent"
            );
        }
    }
    let zh = is_chinese(&content);
    let mut text = format!("{}\n", Kind::City.modeline());
    text += if zh {
        "# 一个城市或地区。格式说明见 docs/content-format.md。\n"
    } else {
        "# A city or district. The format is described in docs/content-format.md.\n"
    };
    text += &format!("name: {}\n", yaml_string(new.name));
    text += &format!(
        "level: {}{}\n",
        new.level.key(),
        if zh {
            "            # province 省 / prefecture 地级市 / county 县(市) / district 区"
        } else {
            "            # province / prefecture / county / district"
        }
    );
    match new.parent {
        Some(p) => text += &format!("parent: {p}\n"),
        None => {
            text += if zh {
                "# parent: fujian              # 上级地区的目录名，可选\n"
            } else {
                "# parent: fujian              # the folder name of the jurisdiction above, optional\n"
            }
        }
    }
    text += if zh {
        "# admin_code: \"350500\"        # 行政区划代码，可选\n# description: 一句话介绍，可选\n"
    } else {
        "# admin_code: \"350500\"        # administrative division code, optional\n# description: one line about the place, optional\n"
    };
    // Read back through the real reader: a skeleton that does not load is a bug here,
    // not a puzzle for the editor.
    serde_yaml::from_str::<CityFile>(&text).context("internal error: city skeleton")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("city.yaml");
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    let mut written = vec![path];
    written.extend(schemas(root)?);
    Ok(written)
}

/// Writes `content/<city>/<year>.yaml`; returns the files written.
pub fn year(root: &Path, city: &str, year: i32) -> Result<Vec<PathBuf>> {
    check_slug(city, "city slug")?;
    if !(1949..=2200).contains(&year) {
        bail!("{year} is not a plausible year for a pledge list\n  = hint: write the year in full, e.g. 2025");
    }
    let content = content_dir(root)?;
    let city_file = content.join(city).join("city.yaml");
    if !city_file.is_file() {
        bail!(
            "there is no city {city} (no content/{city}/city.yaml)\n  = hint: create it first: shishi new city {city} --name <name>"
        );
    }
    let source = std::fs::read_to_string(&city_file)
        .with_context(|| format!("cannot read {}", city_file.display()))?;
    let name = serde_yaml::from_str::<CityFile>(source.trim_start_matches('\u{feff}'))
        .map(|c| c.name)
        .ok();
    let path = content.join(city).join(format!("{year}.yaml"));
    if path.exists() {
        bail!("{} already exists", path.display());
    }
    let zh = is_chinese(&content);
    let city_name = name
        .as_ref()
        .map(|n| n.get(if zh { "zh-Hans" } else { "en" }).to_string())
        .unwrap_or_else(|| city.to_string());
    let title = if zh {
        format!("{city_name}{year}年为民办实事项目")
    } else {
        format!("{city_name} {year} livelihood pledges")
    };
    let text = if zh {
        format!(
            r#"{modeline}
# {title}。格式说明见 docs/content-format.md。
# 只写报道里有的数字和日期；报道没给的就不写，不要估算。
year: {year}
title: {title_yaml}
# announced: {year}-02-15          # 清单公布的日期
# summary: 一段说明，可用 Markdown

# 每个数字都要有出处：项目、进展和汇总数字用 id 引用这里的来源。
sources:
  - id: list
    title: 待填写：公布清单的报道或文件标题
    type: official                  # official 官方发布 / media 媒体报道 / independent 独立来源
    # publisher: 发布单位
    # date: {year}-02-15
    # url: https://

# 政府公布的汇总进度，例如“截至6月底，30项已完成10项”：
# snapshots:
#   - as_of: {year}-06-30
#     source: list
#     total: 30
#     completed: 10

# 逐项清单；报道只给总数时保持为空。
projects: []
#   - id: school-places            # 小写字母、数字和连字符，本文件内不重复
#     title: 新增义务教育公办学校学位
#     domain: education             # site.yaml 里的领域 id
#     lead: 市教育局                # 牵头单位，可选
#     targets:
#       - {{metric: 新增学位, unit: 个, target: 30000}}
#     sources: [list]
#     updates:
#       - {{date: {year}-06-30, status: in_progress, progress: 60, sources: [list]}}
"#,
            modeline = Kind::Year.modeline(),
            title_yaml = yaml_string(&title),
        )
    } else {
        format!(
            r#"{modeline}
# {title}. The format is described in docs/content-format.md.
# Only write figures and dates a report gives; leave out what it does not say.
year: {year}
title: {title_yaml}
# announced: {year}-02-15          # the day the list was published
# summary: a paragraph about the list, Markdown allowed

# Every figure needs a source; projects, updates and snapshots cite these by id.
sources:
  - id: list
    title: "TO FILL IN: title of the report or document that published the list"
    type: official                  # official / media / independent
    # publisher: who published it
    # date: {year}-02-15
    # url: https://

# Totals the government reported, e.g. "by 30 June, 10 of 30 done":
# snapshots:
#   - as_of: {year}-06-30
#     source: list
#     total: 30
#     completed: 10

# The projects, one by one. Leave empty when the report gives totals only.
projects: []
#   - id: school-places            # lower-case letters, digits and hyphens; unique in this file
#     title: New school places
#     domain: education             # a domain id from site.yaml
#     lead: Municipal Education Bureau   # optional
#     targets:
#       - {{metric: school places, unit: places, target: 30000}}
#     sources: [list]
#     updates:
#       - {{date: {year}-06-30, status: in_progress, progress: 60, sources: [list]}}
"#,
            modeline = Kind::Year.modeline(),
            title_yaml = yaml_string(&title),
        )
    };
    serde_yaml::from_str::<crate::content::YearFile>(&text)
        .context("internal error: year skeleton")?;
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    let mut written = vec![path];
    written.extend(schemas(root)?);
    Ok(written)
}

fn content_dir(root: &Path) -> Result<PathBuf> {
    let content = root.join("content");
    if !content.join("site.yaml").is_file() {
        bail!(
            "{} has no content/site.yaml\n  = hint: run this in a portal's folder, or pass --root",
            root.display()
        );
    }
    Ok(content)
}

fn check_slug(s: &str, what: &str) -> Result<()> {
    if !crate::ids::is_slug(s) {
        bail!("{what} {s:?} is not usable in a web address\n  = hint: use lower-case letters, digits and hyphens, e.g. quanzhou or zhuhai-jinwan");
    }
    if crate::urls::RESERVED.contains(&s) {
        bail!(
            "{s} is a folder the site itself uses\n  = hint: pick another name; reserved: {}",
            crate::urls::RESERVED.join(", ")
        );
    }
    Ok(())
}

/// Comments follow the portal's language, as its pages do.
fn is_chinese(content: &Path) -> bool {
    std::fs::read_to_string(content.join("site.yaml"))
        .ok()
        .and_then(|s| serde_yaml::from_str::<SiteFile>(s.trim_start_matches('\u{feff}')).ok())
        .and_then(|s| s.language)
        .is_none_or(|l| l.starts_with("zh"))
}

/// A YAML double-quoted string: safe for any name, including ones that start with a
/// character YAML gives a meaning (`*`, `&`, `[`, `#`) or look like numbers.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Keeps the portal's schema files current, since the skeleton's modeline points at them.
fn schemas(root: &Path) -> Result<Vec<PathBuf>> {
    Ok(schema::write_all(&root.join(schema::SCHEMA_DIR))?
        .into_iter()
        .map(PathBuf::from)
        .collect())
}
