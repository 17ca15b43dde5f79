// The editor's words: Decap's own Simplified Chinese (zh_Hans) with the phrases staff found unclear or English
// replaced. Registered before the CMS starts.
"use strict";
(function () {
  const PHRASES = {
    app: { header: { quickAdd: "新建条目" } },
    collection: {
      sidebar: { collections: "各期简报", allCollections: "全部简报", searchAll: "搜索条目…", searchIn: "搜索" },
      collectionTop: { newButton: "＋ 新建%{collectionLabel}", newButtonAriaLabel: "新建%{collectionLabel}", viewAs: "显示方式",
        viewAsList: "列表显示", viewAsGrid: "方格显示" },
      entries: { loadingEntries: "正在读取条目…", noEntries: "还没有条目", unpublishedHeader: "待发布的条目" },
    },
    editor: {
      editorControl: { field: { optional: "可不填", widgetLabel: "" } },
      editorControlPane: {
        widget: {
          rangeMin: "“%{fieldLabel}”至少要选 %{minCount} 个",
          rangeMax: "“%{fieldLabel}”最多选 %{maxCount} 个",
        },
      },
      editorInterface: { toggleNotes: "显示/隐藏备注" },
      editorToolbar: {
        backCollection: "返回“%{collectionLabel}”",
        changesSaved: "没有未保存的修改",
        unsavedChanges: "有未保存的修改",
        deployButtonLabel: "查看网页",
        deployPreviewButtonLabel: "查看预览",
        deployPreviewPendingButtonLabel: "查看预览",
        publishNow: "立即发布",
        statusInfoTooltipDraft: "这条修改还是草稿：改好后把状态设为“审核中”，请同事审核",
        statusInfoTooltipInReview: "这条修改正在审核，不需要再做什么；审核期间仍可继续修改",
      },
      editorWidgets: {
        datetime: { now: "今天", clear: "清除", setToNow: "今天" }, // the name says what the button shows
        markdown: {
          richText: "排版", markdown: "原文", linkPrompt: "输入链接的网址", strikethrough: "删除线",
          toggleMode: { rich: "切换到排版", markdown: "切换到原文" },
        },
        list: { addType: "新增%{item}" },
        object: { expand: "展开", collapse: "收起" },
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
