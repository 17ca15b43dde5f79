// A new item's file number, taken when it is saved — not when the page loaded — from the files the backend has
// then: the folder on the branch, and, in the editorial workflow, every entry still waiting on its own
// branch (a pull request). Two items added without reloading, or by two staff at once, get different numbers.
// The backend is Decap's own (GitHub, GitLab, Gitea, or decap-server under `./dev serve`): admin.js wraps its
// constructor to keep the instance Decap makes, and asks it for the listing.
"use strict";
(function () {
  let backend = null;

  function keepBackend(CMS, names) {
    for (const name of names) {
      const registered = CMS.getBackend(name);
      if (!registered) continue;
      const init = registered.init;
      registered.init = (...args) => {
        backend = init(...args);
        return backend;
      };
    }
  }

  function numberOf(path) {
    const match = /^(\d+)-/.exec(String(path).split("/").pop());
    return match ? Number(match[1]) : 0;
  }

  // the next number, and the 网址名 taken (file names without their number), as the backend has them now
  async function look(folder, collection, width) {
    if (!backend) throw new Error("编辑器还没有连上保存位置，请刷新页面后再保存");
    const files = await backend.entriesByFolder(folder, "md", 1);
    const names = files.map((f) => String(f.file ? f.file.path : f.path).split("/").pop().replace(/\.md$/, ""));
    if (backend.options && backend.options.useWorkflow) {
      const waiting = await backend.unpublishedEntries(); // ids: "<collection>/<file name>"
      for (const id of waiting) {
        const [name, ...rest] = String(id).split("/");
        if (name === collection) names.push(rest.join("/"));
      }
    }
    const next = String(Math.max(0, ...names.map(numberOf)) + 1).padStart(width, "0");
    return { next, slugs: new Set(names.map((n) => n.replace(/^\d+-/, ""))) };
  }

  window.BulletinNumber = { keepBackend, look };
})();
