// What the web editor refuses before it saves: `bulletin check`'s rules and its Chinese messages, as the build
// writes them into config.json (editor/rules.py). Returns the first problem as one sentence, or "".
"use strict";
(function () {
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
  }

  function problems(data, issue, rules, fileSlug) {
    const say = (field, key, values = {}, hint = "") => {
      const label = rules.labels[field] || field;
      const text = fill(rules.messages[key], values);
      const said = text.startsWith(label) || text.includes(`${label}“`) ? text : `${label}：${text}`;
      return hint ? `${said}（${fill(rules.messages[hint], values)}）` : said;
    };
    const text = (v) => (v === undefined || v === null ? "" : String(v).trim());
    const found = [];
    for (const field of rules.required) {
      const value = data[field];
      const blank = Array.isArray(value) ? !value.length : !text(value);
      if (blank) found.push(say(field, "required_missing"));
    }
    for (const field of ["title", "section", "source", "slug"]) {
      const length = [...text(data[field])].length;
      if (length > rules.text_max) found.push(say(field, "too_long", { length, limit: rules.text_max }));
    }
    const markup = new RegExp(rules.title_markup.source, rules.title_markup.flags).exec(text(data.title));
    if (markup) found.push(say("title", "title_markup", { found: markup[0].slice(0, 30) }));
    if (text(data.section) && !issue.sections.includes(text(data.section))) {
      found.push(say("section", "section_not_in_issue", { name: text(data.section) }));
    }
    const date = text(data.date);
    if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) found.push(say("date", "invalid_date", { value: date }));
    else if (date && date > issue.published) {
      found.push(say("date", "date_after_issue", { date, published: issue.published }, "check_year_month"));
    }
    for (const [field, known, key] of [["districts", rules.districts, "unknown_district"], ["tags", rules.tags, "unknown_tag"]]) {
      const names = Array.isArray(data[field]) ? data[field] : [];
      if (names.length > rules.list_max) found.push(say(field, "too_many", { count: names.length, limit: rules.list_max }));
      for (const name of names) if (!known.includes(String(name).trim())) found.push(say(field, key, { name }));
    }
    const slug = text(data.slug);
    if (slug) {
      if (!new RegExp(rules.slug).test(slug)) found.push(say("slug", "bad_slug", { slug }, "eg_slug"));
      else if (rules.reserved_slugs.includes(slug)) found.push(say("slug", "reserved_slug", { slug }));
      else if (rules.windows_names.includes(slug.split(".")[0])) found.push(say("slug", "windows_slug", { slug }));
      if (fileSlug && slug !== fileSlug) found.push(say("slug", "slug_not_file", { slug, name: fileSlug }));
    }
    const body = String(data.body || "");
    if (!body.trim()) found.push(say("body", "body_empty"));
    else if (body.includes(rules.placeholder)) found.push(say("body", "placeholder"));
    return found;
  }

  window.BulletinRules = { problems, fill };
})();
