// Copyright 2026 after_sales_service developers
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { patch } from "@web/core/utils/patch";
import { user } from "@web/core/user";
import { SearchModel } from "@web/search/search_model";

// A date filter's facet as a Chinese reader writes the period (R-X-1): Odoo
// composes "<month> <year>" in every language ("12月 2026"); in Chinese the
// year comes first and carries 年 (2026年12月, 2026年第四季度, 2026年).

/**
 * One period of a facet ("12月 2026", "十二月 2026", "第四季度 2026", "2026")
 * in Chinese order.
 */
export function chinesePeriod(text) {
    const match = /^(.+?)\s+(\d{4})$/.exec(text.trim());
    if (!match) {
        return /^\d{4}$/.test(text.trim()) ? `${text.trim()}年` : text;
    }
    let [, part, year] = match;
    if (/^\d{1,2}$/.test(part)) {
        part = `${part}月`;
    }
    return `${year}年${part}`;
}

patch(SearchModel.prototype, {
    _getDateFilterDomain(dateFilter, generatorIds, key = "domain") {
        const result = super._getDateFilterDomain(dateFilter, generatorIds, key);
        if (key !== "description" || !(user.lang || "").startsWith("zh")) {
            return result;
        }
        return result.split("/").map(chinesePeriod).join("/");
    },
});
