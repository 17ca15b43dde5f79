// Under `./dev serve`: the preview's banner (preview/broken.py), in the editor. A save the browser could not judge
// (HTML in the body, a problem in another file) may still break the archive; the preview then keeps the last good
// version and lists the problems. The build writes that list to problems.json, stamped; after each save this reads
// it until the build that followed the save has written it, and shows the list (or hides it once all is well).
"use strict";
(function () {
  const WAIT_MS = 120000;
  const EVERY_MS = 700;

  async function state() {
    try {
      const response = await fetch("problems.json", { cache: "no-store" });
      return response.ok ? await response.json() : null;
    } catch (error) {
      return null;
    }
  }

  function show(box, problems) {
    box.querySelector("[data-count]").textContent = String(problems.length);
    const list = box.querySelector("ul");
    list.replaceChildren(...problems.map((text) => {
      const item = document.createElement("li");
      item.textContent = text; // the problem as the check words it: text, never markup
      return item;
    }));
    box.hidden = problems.length === 0;
  }

  function start(CMS) {
    const box = document.getElementById("bl-problems");
    if (!box) return; // not a preview: the published site has no banner to show
    let last = 0;
    const refresh = async () => {
      const now = await state();
      if (now) {
        last = now.built;
        show(box, now.problems);
      }
    };
    refresh();
    CMS.registerEventListener({
      name: "postSave",
      handler: () => {
        const since = last;
        const until = Date.now() + WAIT_MS;
        const poll = async () => {
          const now = await state();
          if (now && now.built !== since) {
            last = now.built;
            show(box, now.problems);
          } else if (Date.now() < until) {
            setTimeout(poll, EVERY_MS);
          }
        };
        setTimeout(poll, EVERY_MS);
      },
    });
  }

  window.BulletinBanner = { start };
})();
