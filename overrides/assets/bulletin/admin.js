// The web editor (/admin/): expand the build's compact config.json into Decap CMS's configuration and start it.
// One collection per issue: the shared item fields, with that issue's own sections, date default and date hint.
// Loaded after the small modules beside it (admin-format, admin-rules, admin-number, admin-slug, admin-locale,
// admin-ui, admin-banner) and before decap-cms.js, so the CMS waits for this configuration, not config.yml.
"use strict";
window.CMS_MANUAL_INIT = true;

const NUMBER = "_bulletin_number"; // cmsconfig.NUMBER_FIELD: in the file name template, never in the file
const BACKENDS = ["proxy", "github", "gitlab", "gitea", "bitbucket", "git-gateway", "azure", "test-repo"];
const ORDER = ["title", "section", "date", "date_precision", "districts", "tags", "slug", "source"];

function forIssue(field, issue) {
  if (field.name === "section") {
    return { ...field, options: issue.sections, default: issue.sections[0] || "" };
  }
  if (field.name === "date") {
    return { ...field, default: issue.published, hint: `不能晚于本期印发日期 ${issue.published}` };
  }
  return field;
}

// Uploads off (no `editor: {media: …}` in mkdocs.yml): config.json names this library instead of a media folder.
// It never opens and is not standalone, so Decap shows no media tab and no upload button.
function noUploads() {
  return { show() {}, hide() {}, enableStandalone: () => false };
}

// Decap shows a refusal as `String(error)`: without this, "Error: " would precede the Chinese sentence.
class Refusal extends Error {
  toString() {
    return this.message;
  }
}

// Before any save: refuse what `bulletin check` would refuse; a new item gets its number (and its slug, from the
// title, when none was typed) now, from the files as they are at this moment.
function beforeSave(issues, rules) {
  return async ({ entry }) => {
    const issue = issues.get(entry.get("collection"));
    if (!issue) return undefined;
    const isNew = Boolean(entry.get("newRecord"));
    let data = entry.get("data");
    const fileSlug = isNew ? null : String(entry.get("slug") || "").replace(/^\d+-/, "");
    let files = null;
    if (isNew) {
      data = data.delete(window.BulletinFormat.ORIGINAL); // a copy of another item is a new file
      const { folder, name } = issue.collection;
      files = await window.BulletinNumber.look(folder, name, issue.width);
      if (!String(data.get("slug") || "").trim()) {
        data = data.set("slug", await window.BulletinSlug.fromTitle(String(data.get("title") || "").trim(), files.slugs));
      }
    }
    const found = window.BulletinRules.problems(data.toJS(), issue, rules, fileSlug);
    const slug = String(data.get("slug") || "").trim();
    if (files && files.slugs.has(slug)) found.push(`网址名：${window.BulletinRules.fill(rules.messages.slug_taken, { slug, other: slug })}`);
    if (found.length) throw new Refusal(found.join("；"));
    return isNew ? data.set(NUMBER, files.next) : data;
  };
}

window.addEventListener("DOMContentLoaded", async () => {
  const response = await fetch("config.json", { cache: "no-cache" });
  const data = await response.json();
  const collections = data.issues.map((issue) => ({
    ...issue.collection,
    fields: data.fields.map((field) => forIssue(field, issue)),
  }));
  const issues = new Map(data.issues.map((issue) => [issue.collection.name, issue]));
  const CMS = window.CMS;
  CMS.registerMediaLibrary({ name: "bulletin-no-uploads", init: noUploads });
  CMS.registerCustomFormat("bulletin-frontmatter", "md", window.BulletinFormat.make(ORDER));
  CMS.registerEventListener({ name: "preSave", handler: beforeSave(issues, data.rules) });
  window.BulletinNumber.keepBackend(CMS, BACKENDS);
  if (window.BulletinLocale) window.BulletinLocale.register(CMS);
  if (window.BulletinUI) window.BulletinUI.start();
  if (window.BulletinBanner) window.BulletinBanner.start(CMS);
  CMS.init({ config: { ...data.config, collections } });
});
