"""Every message staff read — problems, hints, CLI output — in one table: Simplified Chinese first, English beside it.

One table rather than gettext catalogs: Chinese is the source language here (gettext would make English the msgid
and Chinese a translation to compile), contributors edit one Python file with no build step, and a test checks
that both languages of every entry take the same placeholders. Code asks for a key (`msg("unknown_field")`) and
never holds a sentence of its own. The language is Chinese unless `--lang en`, `BULLETIN_LANG=en`, or an English
locale (LC_ALL / LC_MESSAGES / LANG starting with `en`) asks for English.
"""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")
_chosen: str | None = None

MESSAGES: dict[str, tuple[str, str]] = {
    # how a problem is printed
    "warning_label": ("警告：", "warning: "),
    "did_you_mean": ("是不是要写“{name}”？", "did you mean {name}?"),
    # fields and front matter
    "expected_fields": ("应为一行一个“字段: 值”", "expected `field: value` lines"),
    "fields_are": ("可用的字段：{fields}", "fields: {fields}"),
    "unknown_field": ("未知的字段“{name}”", "unknown field {name!r}"),
    "allowed_fields": ("可用的字段：{fields}", "allowed fields: {fields}"),
    "duplicate_key": ("字段“{name}”写了两次（第 {first} 行和第 {second} 行）",
                      "field {name!r} is written twice (lines {first} and {second})"),
    "keep_one_key": ("只保留一行", "keep one of them"),
    "required_missing": ("缺少必填字段，或字段为空", "required field is missing or empty"),
    "add_line": ("加一行 `{key}: …`", "add a line `{key}: …`"),
    "expected_text": ("应为一行文字，这里是{found}", "expected text, found a {found}"),
    "a_list": ("列表", "list"),
    "a_mapping": ("多个字段", "mapping"),
    "one_line": ("写在同一行", "write it on one line"),
    "expected_number": ("应为整数，这里是“{value}”", "expected a whole number, found {value!r}"),
    "eg_number": ("例如 8", "e.g. 8"),
    "invalid_date": ("“{value}”不是有效日期", "{value!r} is not a valid date"),
    "day_not_exist": ("这一天不存在", "that day does not exist"),
    "write_date": ("写成 年-月-日，如 2020-07-16", "write YYYY-MM-DD, e.g. 2020-07-16"),
    "expected_list": ("应为列表", "expected a list"),
    "write_list": ("写成 [{value}]", "write [{value}]"),
    "expected_names": ("应为名称列表", "expected a list of names"),
    "write_names": ("写成 [名称一, 名称二]", "write [名称一, 名称二]"),
    "title_markup": ("标题是纯文字，不能含网页代码“{found}”", "a title is plain text: {found!r} can only be HTML"),
    "title_markup_hint": ("删掉尖括号和其中的代码", "remove the <…> markup"),
    # body
    "body_empty": ("这条动态没有正文", "the item has no text"),
    "body_empty_hint": ("在第二个 --- 之后写正文段落", "write the item's paragraphs after the ---"),
    "placeholder": ("还留着 `bulletin new` 生成的占位文字", "the placeholder from `bulletin new` is still there"),
    "placeholder_hint": ("换成这条动态的正文", "replace it with the item's text"),
    "raw_html": ("正文中不能有网页代码（HTML）", "raw HTML is not allowed in an item"),
    "raw_html_hint": ("删掉 <…> 标签，改用纯文字或 Markdown", "remove the <…> tag; write plain text or Markdown"),
    "event_handler": ("不能有 HTML 事件属性（on…=）", "an HTML event handler (on…=) is not allowed"),
    "remove_it": ("删掉它", "remove it"),
    "external_image": ("引用其他网站的图片会让每位读者都去加载它", "an image from another site would be loaded by every reader"),
    "external_image_hint": ("把图片保存在这条动态旁边，用文件名引用", "save the image next to the item and link it by its file name"),
    "bad_link": ("不允许链接到“{url}”", "link to {url!r} is not allowed"),
    "bad_link_hint": ("链接须以 http(s):// 开头，或是站内相对地址", "links must be http(s):// or relative"),
    # names, slugs, precision, sections, dates
    "unknown_district": ("未知的区县“{name}”", "unknown district {name!r}"),
    "unknown_tag": ("未知的专题“{name}”", "unknown tag {name!r}"),
    "unknown_section": ("未知的栏目“{name}”", "unknown section {name!r}"),
    "add_to_vocab": ("请先在 {file} 中添加", "add it to {file} first"),
    "add_place_line": ("{name}在重庆以外，districts.yml 中还没有：在 issues/districts.yml 末尾加一行 {line}", "{name} is outside Chongqing and not in districts.yml yet: add this line at the end of issues/districts.yml: {line}"),
    "place_proposed": ("“{title}”说的是重庆以外的{name}，districts.yml 中还没有这个地方：districts 已写为 [{name}]。核对无误后，在 issues/districts.yml 末尾加一行：{line}", "{title!r} is about {name}, outside Chongqing and not in districts.yml yet: districts is [{name}]. Once checked, add this line at the end of issues/districts.yml: {line}"),
    "place_unsure": ("“{title}”在【{section}】栏目，但没有认出说的是哪个地方：districts 暂写为 [重庆市]，请改为实际的地方（重庆以外的地方先按 districts.yml 中“外地”条目的写法加一行）", "{title!r} is in 【{section}】 but no place was recognised: districts is [重庆市] for now; change it to the real place (a place outside Chongqing needs a 外地 line in districts.yml first)"),
    "slug_not_file": ("网址名“{slug}”与文件名中的“{name}”不一致；网址名定下后不能再改，否则已分享的链接会失效", "slug {slug!r} differs from {name!r} in the file name; a slug is fixed once published, or shared links break"),
    "slug_not_file_hint": ("改回 slug: {name}（确需改网址时，把文件也改名为 {order}-{slug}.md）", "change it back to slug: {name} (to really change the address, rename the file to {order}-{slug}.md)"),
    "bad_slug": ("网址名“{slug}”只能用小写英文字母和数字，用 - 连接", "slug {slug!r} must be lowercase ASCII letters and digits joined by -"),
    "eg_slug": ("例如 shapingba-wufei-xuexiao", "e.g. shapingba-wufei-xuexiao"),
    "reserved_slug": ("网址名“{slug}”是网站自用的", "slug {slug!r} is reserved for the site's own pages"),
    "eg_value": ("例如 {value}", "e.g. {value}"),
    "unknown_precision": ("未知的日期精度“{value}”", "unknown precision {value!r}"),
    "one_of": ("可选：{values}", "one of {values}"),
    "section_not_in_issue": ("栏目“{name}”不是本期的栏目", "section {name!r} is not one of this issue's sections"),
    "use_section": ("改为 {sections} 之一，或先加到 issue.yml", "use one of {sections} or add it to issue.yml"),
    "date_after_issue": ("发生日期 {date} 晚于本期印发日期 {published}", "the item is dated {date}, after its issue was published ({published})"),
    "check_year_month": ("检查年份和月份", "check the year and month"),
    "district_gone": ("{date}时{name}已不存在", "{name} did not exist on {date}"),
    "successors": ("承接的区县：{names}", "successors: {names}"),
    # files and folders
    "bad_issue_folder": ("期刊文件夹“{name}”应命名为 年份-三位期号", "issue folder {name!r} is not named <year>-<nnn>"),
    "eg_issue_folder": ("例如 2020-008", "e.g. 2020-008"),
    "no_issue_yml": ("这一期没有 issue.yml", "the issue has no issue.yml"),
    "copy_issue_yml": ("从其他期复制一份 issue.yml 再修改", "copy one from another issue and edit it"),
    "folder_mismatch": ("文件夹 {folder} 与期号 {number}、印发日期 {published} 不符", "folder {folder} does not match number {number} published {published}"),
    "rename_folder": ("把文件夹改名为 {expected}，或改正 issue.yml", "rename the folder to {expected} or fix issue.yml"),
    # issue.yml's original: the circulated file kept with the issue
    "original_not_fields": ("original 应为 file、name、sha256、bytes 四个字段", "original should hold the fields file, name, sha256 and bytes"),
    "original_fields_hint": ("在 original: 下面缩进两格，每行写一个字段；重新导入原件会自动写好", "indent one field a line under original:, or import the original again to have it written"),
    "original_bad_file": ("原件的文件名只能是 {names} 之一，这里是“{file}”", "the original must be named one of {names}, found {file!r}"),
    "original_bad_file_hint": ("原件按文件类型固定命名（不用上传时的名字）：把文件改名为 source.pdf 这样的名字，并照改 file", "the original is kept under a fixed name by its type (never the uploaded name): rename it to e.g. source.pdf and write that in file"),
    "original_bad_name": ("上传时的文件名应为一行文字", "the uploaded name should be one line of text"),
    "original_bad_sha256": ("“{value}”不是 SHA-256（应为 64 位小写十六进制数字）", "{value!r} is not a SHA-256 (64 lowercase hexadecimal digits)"),
    "original_reimport": ("重新导入原件会自动写入：bulletin import 原件 --force", "import the original again to have it written: bulletin import FILE --force"),
    "original_missing": ("issue.yml 记录的原件 {file} 不在 {folder} 文件夹里", "the original {file} recorded in issue.yml is not in {folder}"),
    "original_missing_hint": ("把原件放回 {path}（可从 Git 历史恢复），或重新导入原件；不再保留原件就删去 original 这一节", "put the original back at {path} (Git's history has it) or import it again; to keep no original, delete the original section"),
    "original_sha256_differs": ("{file} 的 SHA-256 与 issue.yml 记录的不同：原件被替换或改动过", "the SHA-256 of {file} differs from the one in issue.yml: the original was replaced or changed"),
    "original_sha256_hint": ("从 Git 历史恢复原来的 {file}；若换上的确是正确的原件，重新导入它（bulletin import 原件 --force），或把 sha256 改为 {sha256}、bytes 改为 {bytes}", "restore the earlier {file} from Git's history; if the new file is the right original, import it again (bulletin import FILE --force) or set sha256 to {sha256} and bytes to {bytes}"),
    "original_bytes_differ": ("{file} 有 {actual} 字节，issue.yml 记录的是 {recorded}", "{file} has {actual} bytes, issue.yml says {recorded}"),
    "original_bytes_hint": ("把 bytes 改为 {actual}", "set bytes to {actual}"),
    "not_item_file": ("“{name}”不是动态文件", "{name!r} is not an item file"),
    "item_file_hint": ("动态文件命名为 序号-网址名.md，如 01-shapingba-wufei-xuexiao.md", "items are named NN-slug.md, e.g. 01-shapingba-wufei-xuexiao.md"),
    "order_taken": ("序号 {order} 已被 {other} 使用", "order prefix {order} is also used by {other}"),
    "own_number": ("每条动态用不同的序号", "give each item its own number"),
    "slug_taken": ("网址名“{slug}”已被 {other} 使用", "slug {slug!r} is also used by {other}"),
    "slug_unique": ("同一期内网址名不能重复", "slugs must be unique in an issue"),
    # reading files
    "not_utf8": ("文件不是 UTF-8 编码（第 {offset} 个字节）", "the file is not UTF-8 (byte {offset})"),
    "save_utf8": ("另存为 UTF-8 编码（记事本：另存为 → 编码 UTF-8）", "save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)"),
    "yaml_error": ("头信息格式错误（YAML）：{reason}{where}", "YAML syntax error: {reason}{where}"),
    "yaml_opened": ("（{what}从第 {line} 行开始）", " (the {what} opened on line {line})"),
    "yaml_reason_flow": ("缺少逗号或右方括号 ]", "did not find expected ',' or ']'"),
    "yaml_reason_flow_map": ("缺少逗号或右花括号 }}", "did not find expected ',' or '}}'"),
    "yaml_reason_key": ("这里应是“字段: 值”", "did not find expected key"),
    "yaml_reason_colon": ("这里不能再有冒号（值里有冒号时，整个值加英文引号）", "a second colon on this line"),
    "yaml_reason_tab": ("不能用 Tab 键缩进，请改用空格", "a tab character cannot indent"),
    "yaml_reason_end": ("文件意外结束（引号或括号没有闭合）", "found unexpected end of stream"),
    "yaml_reason_indent": ("缩进不一致", "inconsistent indentation"),
    "yaml_reason_no_colon": ("缺少英文冒号 :", "could not find expected ':'"),
    "yaml_what_sequence": ("列表", "sequence"),
    "yaml_what_mapping": ("字段", "mapping"),
    "yaml_what_scalar": ("值", "scalar"),
    "yaml_what_key": ("字段名", "key"),
    "fullwidth_colon": ("用了中文冒号“：”：字段名后应是英文冒号加空格“: ”", "a full-width colon “：” was used: write `field: value` with an ASCII colon and a space"),
    "yaml_hint": ("检查这一行或上一行的引号、括号、冒号（须为英文冒号加空格）和缩进", "check quotes, brackets, colons and indentation on this line or the one before"),
    "no_front_matter": ("文件开头没有 --- 头信息", "the file does not start with a `---` front matter block"),
    "front_matter_hint": ("第一行写 ---，接着写各字段，再单独一行写 ---", "start the file with ---, the fields, then --- on its own line"),
    "front_matter_unclosed": ("头信息从第 1 行的 --- 开始，但没有结束的 ---", "the front matter opened by --- on line 1 is never closed"),
    "front_matter_close_hint": ("在最后一个字段（第 {line} 行）之后单独一行写 ---", "put --- on its own line after the last field (line {line})"),
    # vocabularies
    "vocab_missing": ("档案中缺少 {file}", "{file} is missing from the archive"),
    "create_file": ("新建 {file}", "create {file}"),
    "expected_entries": ("应为条目列表（每行以 `- ` 开头）", "expected a list of entries (lines starting with `- `)"),
    "defined_twice": ("{key} 定义了两次", "{key} is defined twice"),
    "keep_one_entry": ("只保留一个条目", "keep one entry"),
    "expected_mapping": ("应写成 {{name: …, slug: …}}", "expected a mapping like {{name: …, slug: …}}"),
    "key_required": ("{key} 必填，且须为文字", "{key} is required and must be text"),
    "vocab_bad_slug": ("网址名“{slug}”只能用小写英文单词，用 - 连接", "slug {slug!r} must be lowercase ASCII words joined by -"),
    "expected_name_list": ("应为名称列表，如 [甲, 乙]", "expected a list of names, like [a, b]"),
    "not_a_date": ("“{value}”不是日期", "{value!r} is not a date"),
    "write_ymd": ("写成 年-月-日", "write YYYY-MM-DD"),
    "unknown_region": ("未知的片区“{value}”", "unknown region {value!r}"),
    "bad_tile": ("地图方格应写成 [列, 行]，这里是“{value}”", "a map tile is [column, row], found {value!r}"),
    "unknown_kind": ("未知的类型“{value}”", "kind {value!r} is unknown"),
    # the check command
    "not_a_folder": ("{path}：不是文件夹（应为档案目录，如 issues/）", "{path}: not a folder (expected the archive, e.g. issues/)"),
    "changed_bad": ("--changed {base}：不是 git 仓库，或没有这个版本", "--changed {base}: not a git checkout, or no such revision"),
    "nothing_changed": ("档案文件没有改动", "no archive files changed"),
    "check_summary": ("共 {issues} 期 {items} 条动态；{errors} 个错误，{warnings} 个警告", "{items} items in {issues} issues; {errors} error(s), {warnings} warning(s)"),
    # the import command
    "no_such_file": ("{path}：文件不存在", "{path}: no such file"),
    "cannot_read": ("读不出简报：{reason}", "cannot read the bulletin ({reason})"),
    "not_docx": ("不是可以读取的 Word（.docx）文件：{reason}", "not a readable Word (.docx) file: {reason}"),
    "not_text": ("既不是 UTF-8 也不是 GB18030 编码的文字", "neither UTF-8 nor GB18030 text"),
    "old_format": ("{kind} 文件无法直接导入", "a {kind} file cannot be imported"),
    "old_format_hint": ("请在 WPS 或 Word 中打开，另存为 .docx（Word 文档）或 PDF 后再导入", "open it in WPS or Word and save it as .docx or PDF, then import that"),
    "pdf_hint": ("请在 WPS 或 Word 中打开 PDF，另存为 .docx 后再导入", "open the PDF in WPS or Word, save it as .docx and import that"),
    "pdf_no_text": ("这个 PDF 没有文字层（可能是扫描件或图片），无法读取文字", "the PDF has no text layer (a scan or a picture?): there is no text to read"),
    "pdf_no_text_hint": ("请向发文单位索取可复制文字的 PDF 或 .docx 文件", "ask the issuing office for a PDF with text, or the .docx"),
    "pdf_unreadable": ("这个 PDF 的文字无法读取：它的字体没有附带文字编码，复制出来是乱码（(cid:…) 或方框）", "this PDF's text cannot be read: its fonts carry no map to characters (copying gives (cid:…) codes or boxes)"),
    "pdf_unreadable_hint": ("请改交 Word/WPS 原件（.docx、.doc 或 .wps），或在 Word/WPS 中重新“另存为 PDF”（不要用“打印为 PDF”）后再导入", "send the Word/WPS original (.docx, .doc or .wps) instead, or save it as PDF again from Word/WPS (Save As, not Print to PDF)"),
    "pdf_too_many_pages": ("PDF 超过 {pages} 页，不像一期简报", "the PDF has more than {pages} pages: not a bulletin"),
    "needs_libreoffice": ("{kind} 文件需要 LibreOffice 才能导入，这台电脑上没有安装", "a {kind} file needs LibreOffice to be imported, and it is not installed here"),
    "needs_libreoffice_hint": ("安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui；Windows：libreoffice.org 下载）后重试，或在 WPS/Word 中另存为 .docx 再导入；通过网页上传到 inbox/ 则无需安装", "install LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; Windows: libreoffice.org) and try again, or save it as .docx in WPS/Word; uploading to inbox/ on the web needs nothing installed"),
    "conversion_failed": ("LibreOffice 无法转换这个 {kind} 文件：{reason}", "LibreOffice could not convert this {kind} file: {reason}"),
    "ofd_unsupported": ("暂不支持 OFD 版式文件", "OFD files cannot be imported yet"),
    "ofd_hint": ("请向发文单位索取同一期的 PDF、.docx 或 .wps 文件；或在数科/福昕 OFD 阅读器中“另存为 PDF”后导入", "ask the issuing office for the same issue as PDF, .docx or .wps, or save it as PDF from an OFD reader"),
    "chars_unplaced": ("有 {count} 个汉字没有导入到任何位置，请对照原件核对：“{text}”", "{count} Han characters were imported nowhere, please check against the original: {text!r}"),
    "ledger_line": ("原文 {total} 字：入档 {filed}，目录与版头 {front}，页眉页脚 {furniture}，未归属 {unplaced}", "source {total} characters: filed {filed}, contents and masthead {front}, page furniture {furniture}, unplaced {unplaced}"),
    "ledger_extra": ("，重复读取 {extra}", ", read twice {extra}"),
    "at_where": ("{where}：", "{where}: "),
    "not_pdf": ("不是可以读取的 PDF 文件：{reason}", "not a readable PDF file: {reason}"),
    "file_field": ("文件", "file"),
    "warning_field": ("警告", "warning"),
    "error_field": ("错误", "error"),
    "original_replaced": ("{path}：已由新导入的原件取代，删除", "{path}: replaced by the original just imported, deleted"),
    "kept_file": ("{path}：与导入结果不同（可能已手工修改），已保留；要覆盖请加 --force", "{path}: kept: differs from the import (edited by hand?); use --force to overwrite"),
    "import_summary": ("{folder}：{items} 条动态；新写入 {written} 个文件，{unchanged} 个未变，{kept} 个保留", "{folder}: {items} items; {written} written, {unchanged} unchanged, {kept} kept"),
    "import_next": ("下一步：逐条核对标题、日期、区县和专题，然后运行 `bulletin check`", "next: review titles, dates, districts and tags, then run `bulletin check`"),
    # parsing a bulletin
    "no_items": ("没有找到动态：应在【…】栏目下有标题和正文", "no items found: expected headlines followed by text under 【…】 sections"),
    "no_number": ("没有找到期号：应有一行如（渝环简报008）", "no issue number found: expected a line like （渝环简报008）"),
    "bad_printed_date": ("印发日期 {date} 不存在", "印发 date {date} does not exist"),
    "no_printed_date": ("没有找到印发日期：应有一行以“2020年8月3日印发”结尾", "no 印发 date found: expected a line ending like 2020年8月3日印发"),
    "masthead_skipped": ("本期要目之前的文字没有导入：“{text}”", "text before 本期要目 was not imported: {text!r}"),
    "line_lost": ("这一行没有导入到任何位置，请核对：“{text}”", "this line was not imported anywhere, please check: {text!r}"),
    "footer_skipped": ("页脚中的这一行没有导入：“{text}”", "a footer line was not imported: {text!r}"),
    "item_before_section": ("动态“{title}”出现在所有【栏目】之前", "item {title!r} comes before any 【section】"),
    "text_skipped": ("不属于任何动态的文字被跳过：“{text}”", "text outside any item was skipped: {text!r}"),
    "not_in_toc": ("动态“{title}”不在本期要目中", "item {title!r} is not listed in 本期要目"),
    "toc_title_differs": ("本期要目写作“{toc}”，正文写作“{body}”：采用正文的标题", "本期要目 says {toc!r}; the body says {body!r}: the body's title is used"),
    "toc_section_differs": ("本期要目把“{title}”列在【{toc}】下，正文在【{body}】下", "本期要目 lists {title!r} under 【{toc}】, the body under 【{body}】"),
    "toc_not_in_body": ("本期要目列出的“{title}”在正文中没有找到", "本期要目 lists {title!r}, not found in the body"),
    "toc_order_differs": ("“{title}”在正文中是第 {body} 条，在本期要目中是第 {toc} 条：采用正文的顺序", "{title!r} is item {body} in the body but {toc} in 本期要目: the body's order is used"),
    # the inbox command
    "inbox_title": ("简报导入结果", "Bulletin import"),
    "inbox_empty": ("inbox/ 中没有要导入的文件（.pdf、.docx、.doc、.wps、.txt 等）。", "no file to import in inbox/ (.pdf, .docx, .doc, .wps, .txt, …)."),
    "inbox_failed": ("这个文件没有导入，原因：", "this file was not imported:"),
    "line_no": ("第 {line} 行：", "line {line}: "),
    "inbox_item_refused": ("⚠ 有问题，见下方“检查发现的问题”", "⚠ has problems, see the check's problems below"),
    "inbox_table_head": ("| 序号 | 标题 | 栏目 | 日期（精度） | 区县 | 专题 |", "| # | title | section | date (precision) | districts | tags |"),
    "inbox_warnings": ("导入提示 {count} 条，请对照原件核对：", "{count} import warning(s), check them against the original:"),
    "inbox_problems": ("检查发现 {count} 个问题（PR 的检查结果里标注在对应行）：", "{count} problem(s) found by the check (annotated on the lines):"),
    "inbox_kept": ("这些文件已有手工修改，没有覆盖：{names}", "edited by hand, so not overwritten: {names}"),
    "inbox_upload_stays": ("`{folder}` 里已有另一份原件，保留了它；上传的 {name} 留在 inbox/ 中。要换成新上传的原件，请在电脑上运行 `bulletin import inbox/文件名 --force`", "`{folder}` already holds a different original, which was kept; the upload {name} stays in inbox/. To replace it with the upload, run `bulletin import inbox/FILE --force` on a computer"),
    "inbox_commit": ("导入简报：{numbers}", "Import bulletin: {numbers}"),
    "inbox_git_failed": ("提交导入结果失败：{reason}", "could not commit the import: {reason}"),
    "inbox_files": ("inbox/ 中的文件（{count} 个）：", "files in inbox/ ({count}):"),
    "inbox_row_imported": ("已导入为第{number}期（`{folder}`），上传的文件已移入期刊文件夹，详见下方", "imported as issue {number} (`{folder}`), the upload moved into its folder; details below"),
    "inbox_row_stays": ("已导入为第{number}期（`{folder}`），但期刊文件夹里已有另一份原件，上传的文件留在 inbox/ 中，详见下方", "imported as issue {number} (`{folder}`), but its folder already holds a different original, so the upload stays in inbox/; details below"),
    "inbox_row_failed": ("没有导入，文件留在 inbox/ 中，原因见下方", "not imported, it stays in inbox/; the reason is below"),
    "inbox_row_crashed": ("导入时出现意外错误（{reason}），这个文件没有导入，留在 inbox/ 中；其他文件不受影响。请把这条结果告诉维护人员", "an unexpected error while importing ({reason}): this file was not imported and stays in inbox/; the other files are not affected. Please tell the maintainers"),
    "inbox_row_uncommitted": ("已导入为第{number}期（`{folder}`），但提交失败（{reason}），上传的文件留在 inbox/ 中，没有删除；请把这条结果告诉维护人员", "imported as issue {number} (`{folder}`) but not committed ({reason}); the upload stays in inbox/, nothing was removed. Please tell the maintainers"),
    "inbox_row_not_utf8": ("文件名不是有效的 UTF-8 编码（无法识别的字节显示为 \\xff 这样的形式），没有读取也没有导入：请把文件改成普通的中文或英文名称后重新上传", "the file name is not valid UTF-8 (bytes shown as \\xff): not read, not imported; rename it and upload it again"),
    "inbox_row_control": ("文件名含有控制字符（换行、回车、ESC、NUL 或改变文字方向的字符，显示为 \\x0a 这样的形式），没有读取也没有导入：请改名后重新上传", "the file name holds control characters (newline, CR, ESC, NUL or bidi controls, shown as \\x0a): not read, not imported; rename it and upload it again"),
    "inbox_row_symlink": ("是符号链接，没有读取也没有导入（只导入直接上传的文件）", "a symbolic link: not read, not imported (only uploaded files are)"),
    "inbox_row_folder": ("是文件夹，没有处理：请把简报文件直接上传到 inbox/ 中", "a folder, not processed: upload the bulletin file directly into inbox/"),
    "inbox_row_special": ("不是普通文件，没有读取也没有导入", "not a regular file: not read, not imported"),
    "inbox_row_type": ("不是可导入的文件类型（{types}），没有处理，留在 inbox/ 中", "not a type that can be imported ({types}); left in inbox/"),
    "inbox_index_busy": ("暂存区里已有与本次导入无关的改动，为免一起提交，没有提交", "the index already holds changes unrelated to this import; not committed, so they are not mixed in"),
    "inbox_is_link": ("inbox/ 是一个符号链接，没有读取：上传的文件应在仓库自己的 inbox/ 文件夹中", "inbox/ is a symbolic link and was not read: uploads belong in the repository's own inbox/ folder"),
    "inbox_unreadable": ("无法读取 inbox/ 文件夹：{reason}", "could not read the inbox/ folder: {reason}"),
    "inbox_summary_failed": ("生成摘要时出现意外错误（{reason}），下面只列出每个文件的处理结果；请把这条结果告诉维护人员", "an unexpected error while writing the summary ({reason}); below is only what became of each file. Please tell the maintainers"),
    "inbox_details_failed": ("已按上面所列处理，但生成这个文件的详细结果时出现意外错误（{reason}）；请把这条结果告诉维护人员", "processed as listed above, but an unexpected error while describing it ({reason}); please tell the maintainers"),
    "precision_day": ("具体日期", "that day"),
    "precision_days": ("多日，取首日", "several days, the first"),
    "precision_month": ("“…以来”，取当月1日", "since a month, its first day"),
    "precision_issue": ("未写日期，取印发日期", "no date given, the issue's date"),
    "inbox_help": ("导入 inbox/ 中上传的简报文件，并写出核对摘要", "import the bulletins uploaded to inbox/ and write a summary"),
    # the new command
    "no_such_issue": ("{folder}：没有这一期（或它的 issue.yml 有错误，请运行 `bulletin check`）", "{folder}: no such issue (or its issue.yml has errors; run `bulletin check`)"),
    "new_refused": ("参数有误，没有新建文件：", "nothing written, the arguments have mistakes:"),
    "new_written": ("已新建上面的文件：把正文的占位文字“（在此填写正文。）”换成实际内容", "written: replace the placeholder with the item's text"),
    # the build
    "archive_not_found": ("bulletin：找不到档案目录 {path}（插件选项 archive）", "bulletin: archive folder {path} not found (plugin option `archive`)"),
    "archive_problems": ("bulletin：档案中有 {count} 个问题：", "bulletin: {count} problem(s) in the archive:"),
    "page_clash": ("bulletin：docs/{path} 与自动生成的页面重名，请改名", "bulletin: docs/{path} clashes with a generated page; rename it"),
    "not_conserved": ("bulletin：有动态没有进入全部输出：", "bulletin: items did not reach every output:"),
    # the web editor at /admin/
    "editor_download_failed": ("无法下载网页编辑器（{url}）：{error}。请检查网络，或设置 npm_config_registry 使用镜像（如 https://registry.npmmirror.com）；不需要网页编辑时可在 mkdocs.yml 写 editor: {{enabled: false}}", "could not download the web editor ({url}): {error}. Check the network or set npm_config_registry to a mirror; without a web editor, set editor: {{enabled: false}} in mkdocs.yml"),
    "editor_checksum": ("下载的网页编辑器 {package} 与记录的校验值不符，已拒绝使用（文件可能被篡改或下载不完整），请重新构建", "the downloaded web editor {package} does not match its recorded checksum and was refused; build again"),
    "editor_no_repo": ("bulletin：网页编辑器（/admin/）还没有设置 Git 仓库，发布后无法使用。请在 mkdocs.yml 的 bulletin 插件下写 editor: {{backend: github, repo: 单位/仓库名}}（或设置环境变量 EDITOR_REPO；部署工作流会自动填写）；不需要时写 editor: {{enabled: false}}", "bulletin: the web editor (/admin/) has no Git repository set and will not work once published. Set editor: {{backend: github, repo: owner/name}} under the bulletin plugin in mkdocs.yml (or the EDITOR_REPO environment variable, which the deploy workflow fills); or editor: {{enabled: false}}"),
    "editor_no_auth": ("bulletin：网页编辑器使用 GitHub 登录，需要一个 OAuth 服务的地址（editor.base_url 或环境变量 EDITOR_AUTH_URL），否则发布后无法登录；见指南“网页编辑”", "bulletin: the web editor logs in with GitHub, which needs an OAuth server address (editor.base_url or the EDITOR_AUTH_URL environment variable); see the guide, 网页编辑"),
    "editor_unavailable": ("bulletin：网页编辑器（/admin/）不可用：{problem}", "bulletin: the web editor (/admin/) is unavailable: {problem}"),
    "editor_local": ("网页编辑：{url}admin/ （本地后端，保存直接写入 issues/ 文件夹）", "web editor: {url}admin/ (local backend: saves go straight into issues/)"),
    "editor_no_local": ("网页编辑：本地后端 decap-server 未安装或没有 Node.js，/admin/ 只能浏览；用 ./dev serve 启动会自动安装", "web editor: the local backend decap-server (or Node.js) is missing, so /admin/ cannot save; ./dev serve installs it"),
    "csp_dynamic_script": ("模板 {path} 中的内嵌脚本含有 Jinja 代码（{{{{ 或 {{%），无法预先计算它的哈希值，页面的安全策略（CSP）会阻止它运行。请把脚本移到 assets/ 下的 .js 文件，用 <script src> 引用", "the inline script in the template {path} contains Jinja ({{{{ or {{%): its hash cannot be known in advance and the pages' Content-Security-Policy would block it. Move it to a .js file under assets/ and load it with <script src>"),
    "media_folder_bad": ("editor.media 应为 docs 文件夹里的一个子文件夹名，如 uploads，这里是“{value}”", "editor.media must name a folder inside docs/, such as uploads, not {value!r}"),
    "uploads_refused": ("bulletin：上传文件夹中有 {count} 个文件不能发布：", "bulletin: {count} file(s) in the upload folder cannot be published:"),
    "upload_not_image": ("只能发布 PNG、JPEG、GIF 或 WebP 图片，这个文件是{kind}", "only PNG, JPEG, GIF or WebP images are published; this file is {kind}"),
    "upload_not_image_hint": ("SVG 图像和网页文件可以带脚本，放到网站上就能读取网页编辑人员的登录信息。请删除它，或另存为 PNG/JPEG 图片后再上传", "SVG images and web pages can carry scripts that would read the editors' login on the site; delete it, or save it as a PNG/JPEG image and upload that"),
    "upload_wrong_suffix": ("文件内容是 {kind} 图片，扩展名却是“{suffix}”", "the file is a {kind} image but is named {suffix!r}"),
    "upload_wrong_suffix_hint": ("把扩展名改为 {suffix}", "rename it to end in {suffix}"),
    "upload_not_regular": ("不是普通文件（符号链接或特殊文件），不能发布", "not a regular file (a symbolic link or a special file): not published"),
    "upload_kind_svg": ("SVG 图像", "an SVG image"),
    "upload_kind_html": ("网页（HTML）", "a web page (HTML)"),
    "upload_kind_other": ("其他类型的文件（{suffix}）", "another kind of file ({suffix})"),
    "upload_no_suffix": ("无扩展名", "no extension"),
    "render_failed": ("bulletin：第二个进程渲染页面失败（原因见上方的日志）", "bulletin: rendering pages in the second process failed (see the log above)"),
    "preview_broken": ("预览：档案中有 {count} 个问题，页面显示的是上一次正确的内容；改正后自动刷新。", "preview: {count} problem(s) in the archive; the pages show the last good build and reload once fixed."),
}


def language() -> str:
    """The language in force: set by `--lang`, else BULLETIN_LANG, else an English locale, else Chinese."""
    if _chosen:
        return _chosen
    wanted = os.environ.get("BULLETIN_LANG", "")
    if wanted in LANGUAGES:
        return wanted
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def set_language(lang: str | None) -> None:
    global _chosen
    _chosen = lang if lang in LANGUAGES else None


def msg(message_id: str, /, **values: object) -> str:
    zh, en = MESSAGES[message_id]
    return (en if language() == "en" else zh).format(**values)
