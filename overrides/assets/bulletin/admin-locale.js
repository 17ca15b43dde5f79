// The editor's words: Decap's own Simplified Chinese (zh_Hans) with the phrases staff found unclear or English
// replaced (issue 26, point 7). Registered before the CMS starts.
"use strict";
(function () {
  const PHRASES = {
    app: { header: { quickAdd: "新建条目" } },
    editor: {
      editorControl: { field: { optional: "可不填" } },
      editorToolbar: {
        backCollection: "返回“%{collectionLabel}”",
        changesSaved: "没有未保存的修改",
        unsavedChanges: "有未保存的修改",
        deployButtonLabel: "查看网页",
        deployPreviewButtonLabel: "查看预览",
        deployPreviewPendingButtonLabel: "查看预览",
        publishNow: "立即发布",
      },
      editorWidgets: {
        datetime: { now: "今天", clear: "清除" },
        markdown: { richText: "排版", markdown: "原文", linkPrompt: "输入链接的网址" },
      },
    },
    ui: {
      settingsDropdown: { logOut: "退出登录", account: "账户菜单" },
      toast: {
        onFailToPersist: "没有保存：%{details}",
        missingRequiredField: "还有必填的项目没有填，请填好后再保存",
        onBackendDown: "保存位置暂时连不上：%{details}",
      },
      default: { goBackToSite: "返回网站" },
    },
  };

  function merge(base, extra) {
    const out = { ...base };
    for (const [key, value] of Object.entries(extra)) {
      out[key] = value && typeof value === "object" ? merge(base[key] || {}, value) : value;
    }
    return out;
  }

  function register(CMS) {
    CMS.registerLocale("zh_Hans", merge(CMS.getLocale("zh_Hans") || {}, PHRASES));
  }

  window.BulletinLocale = { register };
})();
