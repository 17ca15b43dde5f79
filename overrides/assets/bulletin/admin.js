// The web editor (/admin/): expand the build's compact config.json into Decap CMS's configuration and start it.
// One collection per issue: the shared item fields, with that issue's own sections, date default and date hint.
// Loaded before decap-cms.js, so the CMS waits for this configuration instead of looking for config.yml.
"use strict";
window.CMS_MANUAL_INIT = true;

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

window.addEventListener("DOMContentLoaded", async () => {
  const response = await fetch("config.json", { cache: "no-cache" });
  const data = await response.json();
  const collections = data.issues.map((issue) => ({
    ...issue.collection,
    fields: data.fields.map((field) => forIssue(field, issue)),
  }));
  window.CMS.registerMediaLibrary({ name: "bulletin-no-uploads", init: noUploads });
  window.CMS.init({ config: { ...data.config, collections } });
});
