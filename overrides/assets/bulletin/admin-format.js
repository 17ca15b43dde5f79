// The web editor's file format ("bulletin-frontmatter"): an item file is read into the form's fields, and a save
// writes back the file's own text with only the edited fields replaced — same list style (flow stays flow), quoting,
// comments and line endings (CRLF stays CRLF). A new file is written as the importer writes one (yamlio.dump).
// It reads the YAML the archive's item files use: `key: value` lines, plain or quoted scalars, flow lists
// `[a, b]`, block lists `- a`, comments; anything else is refused loudly rather than guessed at.
"use strict";
(function () {
  const ORIGINAL = "_bulletin_original"; // the file's text as loaded, carried in the entry; never written
  const HIDDEN = /^_bulletin_/;
  const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?=[ \t]|$)(.*)$/;
  const ITEM = /^([ \t]*)-(?:[ \t]+(.*))?$/;
  const FENCE = /^---[ \t]*$/;

  class FormatError extends Error {}

  // value text and trailing comment (with the spaces before it) of a line, outside quotes
  function splitComment(text) {
    let quote = "";
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i];
      if (quote) {
        if (c === "\\" && quote === '"') i += 1;
        else if (c === quote) quote = "";
      } else if (c === "'" || c === '"') {
        quote = c;
      } else if (c === "#" && (i === 0 || /[ \t]/.test(text[i - 1]))) {
        const start = text.slice(0, i).search(/[ \t]*$/);
        return [text.slice(0, start), text.slice(start)];
      }
    }
    return [text, ""];
  }

  function scalar(text, line) {
    const t = text.trim();
    if (t === "" || t === "~" || t === "null") return { value: null, style: "plain" };
    if (t[0] === "'") {
      if (!/^'(?:[^']|'')*'$/.test(t)) throw new FormatError(`第 ${line} 行：单引号没有配对`);
      return { value: t.slice(1, -1).replace(/''/g, "'"), style: "single" };
    }
    if (t[0] === '"') {
      try {
        return { value: JSON.parse(t), style: "double" };
      } catch (error) {
        throw new FormatError(`第 ${line} 行：双引号里的写法网页编辑器不认识`);
      }
    }
    if (/^[&*!|>%@`{]/.test(t)) throw new FormatError(`第 ${line} 行：这种 YAML 写法网页编辑器不认识`);
    return { value: t, style: "plain" };
  }

  function flowItems(inner, line) {
    const parts = [];
    let quote = "";
    let start = 0;
    for (let i = 0; i < inner.length; i += 1) {
      const c = inner[i];
      if (quote) {
        if (c === "\\" && quote === '"') i += 1;
        else if (c === quote) quote = "";
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "[" || c === "{") throw new FormatError(`第 ${line} 行：列表里不能再套列表`);
      else if (c === ",") {
        parts.push(inner.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(inner.slice(start));
    if (parts.length === 1 && !parts[0].trim()) return { values: [], style: "plain" };
    const items = parts.map((p) => scalar(p, line));
    return { values: items.map((i) => i.value), style: items.length ? items[0].style : "plain" };
  }

  // the file as chunks: {key, lines, kind: scalar|flow|block, value, style, indent, comment} or {lines} (other)
  function parse(text) {
    const lines = text.split(/(?<=\n)/);
    const bare = (l) => l.replace(/\r?\n$/, "");
    if (!lines.length || !FENCE.test(bare(lines[0]).replace(/^\uFEFF/, ""))) {
      throw new FormatError("文件第 1 行应是 ---（字段区的开始）");
    }
    const close = lines.findIndex((l, i) => i > 0 && FENCE.test(bare(l)));
    if (close < 0) throw new FormatError("字段区没有结束的 --- 行");
    const chunks = [];
    const data = {};
    let current = null;
    for (let i = 1; i < close; i += 1) {
      const line = lines[i];
      const content = bare(line);
      const number = i + 1;
      const key = KEY.exec(content);
      const item = ITEM.exec(content);
      if (key) {
        if (key[1] in data) throw new FormatError(`第 ${number} 行：字段“${key[1]}”写了两次`);
        const [value, comment] = splitComment(key[2]);
        const v = value.trim();
        current = { key: key[1], lines: [line], comment, indent: "  ", style: "plain" };
        if (v.startsWith("[")) {
          if (!v.endsWith("]")) throw new FormatError(`第 ${number} 行：列表应写在一行里，以 ] 结束`);
          const flow = flowItems(v.slice(1, -1), number);
          Object.assign(current, { kind: "flow", value: flow.values, style: flow.style });
        } else if (v === "") {
          Object.assign(current, { kind: "block", value: null });
        } else {
          const s = scalar(v, number);
          Object.assign(current, { kind: "scalar", value: s.value, style: s.style });
        }
        chunks.push(current);
        data[current.key] = current.value;
      } else if (item && current && current.kind === "block") {
        const [value, comment] = splitComment(item[2] || "");
        if (comment && !value.trim()) throw new FormatError(`第 ${number} 行：列表项是空的`);
        const s = scalar(value, number);
        current.value = current.value || [];
        current.value.push(s.value);
        current.indent = item[1];
        current.style = s.style;
        current.lines.push(line);
        data[current.key] = current.value;
      } else if (!content.trim() || /^[ \t]*#/.test(content)) {
        if (current && current.kind === "block") current.lines.push(line); // a comment inside a list stays in it
        else chunks.push({ lines: [line] });
      } else {
        throw new FormatError(`第 ${number} 行：这种 YAML 写法网页编辑器不认识，请用 Git 修改这个文件`);
      }
    }
    const eol = lines[0].endsWith("\r\n") ? "\r\n" : "\n";
    return { open: lines[0], chunks, data, close: lines[close], body: lines.slice(close + 1).join(""), eol };
  }

  // PyYAML's plain-scalar rules, as far as item fields need them: else single quotes, as yaml.safe_dump writes
  const NOT_TEXT = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F_]+|0o?[0-7_]+|\.(?:inf|Inf|INF|nan|NaN|NAN))|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?|[=<])$/;
  function plainOk(value, inFlow) {
    if (!value || value !== value.trim() || /[\x00-\x1f\x7f]/.test(value)) return false;
    if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) || /: |:$| #/.test(value)) return false;
    if (inFlow && /[,[\]{}]/.test(value)) return false;
    return !NOT_TEXT.test(value);
  }

  function quote(value, style, inFlow, key) {
    const text = String(value);
    if (style === "double") return JSON.stringify(text);
    if (key === "date" && /^\d{4}-\d{2}-\d{2}$/.test(text)) return text; // a date, as the importer writes it
    if (style === "plain" && plainOk(text, inFlow)) return text;
    return `'${text.replace(/'/g, "''")}'`;
  }

  function empty(value) {
    return value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length);
  }

  function same(a, b) {
    if (empty(a) && empty(b)) return true;
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function render(key, value, old, eol) {
    const comment = old ? old.comment : "";
    const style = old ? old.style : "plain";
    if (Array.isArray(value)) {
      if (old && old.kind === "block" && value.length) {
        const extra = old.lines.slice(1).filter((l) => !ITEM.test(l.replace(/\r?\n$/, "")));
        return [`${key}:${comment}${eol}`, ...value.map((v) => `${old.indent}- ${quote(v, style, false)}${eol}`), ...extra];
      }
      return [`${key}: [${value.map((v) => quote(v, style, true)).join(", ")}]${comment}${eol}`];
    }
    return [`${key}: ${quote(value, style, false, key)}${comment}${eol}`];
  }

  function bodyText(body, eol) {
    const text = String(body || "").replace(/\r\n?/g, "\n").replace(/^\n+/, "").replace(/\s+$/, "");
    return `${eol}${text.replace(/\n/g, eol)}${eol}`;
  }

  function make(order) {
    const fields = (data) => Object.keys(data).filter((k) => k !== "body" && !HIDDEN.test(k));

    function fromFile(text) {
      const file = parse(text);
      return { ...file.data, body: file.body.replace(/\r\n?/g, "\n"), [ORIGINAL]: text };
    }

    function fresh(given) {
      const data = { tags: [], ...given }; // the importer always writes `tags: []`
      const keys = [...order.filter((k) => k in data), ...fields(data).filter((k) => !order.includes(k))];
      const lines = keys.filter((k) => !empty(data[k]) || (Array.isArray(data[k]) && k !== "source"))
        .flatMap((k) => render(k, data[k], null, "\n"));
      return `---\n${lines.join("")}---\n${bodyText(data.body, "\n")}`;
    }

    function toFile(data) {
      if (!data[ORIGINAL]) return fresh(data);
      const file = parse(data[ORIGINAL]);
      const out = [file.open];
      const placed = new Set();
      const keys = fields(data);
      const missing = keys.filter((k) => !(k in file.data) && !empty(data[k]));
      const insertAfter = (key) => missing.filter((m) => {
        const before = order.slice(0, order.indexOf(m)).filter((k) => k in file.data);
        return before.length && before[before.length - 1] === key;
      });
      for (const chunk of file.chunks) {
        if (!chunk.key) {
          out.push(...chunk.lines);
          continue;
        }
        const value = chunk.key in data ? data[chunk.key] : chunk.value;
        if (same(value, chunk.value)) out.push(...chunk.lines);
        else if (!empty(value) || Array.isArray(value)) out.push(...render(chunk.key, value, chunk, file.eol));
        for (const key of insertAfter(chunk.key)) {
          out.push(...render(key, data[key], null, file.eol));
          placed.add(key);
        }
      }
      for (const key of missing.filter((k) => !placed.has(k))) out.push(...render(key, data[key], null, file.eol));
      out.push(file.close);
      const body = file.body.replace(/\r\n?/g, "\n") === data.body ? file.body : bodyText(data.body, file.eol);
      return out.join("") + body;
    }

    return { fromFile, toFile };
  }

  window.BulletinFormat = { make, parse, FormatError, ORIGINAL };
})();
