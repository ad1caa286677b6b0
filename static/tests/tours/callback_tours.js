// Copyright 2026 after_sales_service developers
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

// The clerk's callback in the Chinese interface, driven by tests/test_callback.py
// (TestCallbackTour): the clerk grades each question of a finished service,
// writes the customer's opinion and records the call. Steps select by field
// names and values, never by translated text.
const NO_ERROR = "body:not(:has(.o_error_dialog)):not(:has(.o_notification.bg-danger))";
const ANSWERS = ".o_field_widget[name=answer_ids]";

function gradeRow(row, grade) {
    return [
        {
            content: `Open answer ${row}`,
            trigger: `${ANSWERS} .o_data_row:nth-child(${row}) td[name=grade]`,
            run: "click",
        },
        {
            content: `Grade answer ${row}`,
            trigger: `${ANSWERS} .o_data_row.o_selected_row:nth-child(${row}) td[name=grade] input[data-value=${grade}]`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("after_sales_clerk_callback", {
    steps: () => [
        {
            content: "The interface reads Chinese; the call can be recorded",
            trigger: ".o_form_view button[name=action_answer]",
            run() {
                if (user.lang !== "zh-CN") {
                    throw new Error(`The client runs in ${user.lang}, not zh-CN.`);
                }
            },
        },
        ...gradeRow(1, "excellent"),
        ...gradeRow(2, "good"),
        ...gradeRow(3, "good"),
        {
            content: "The customer's opinion",
            trigger: ".o_field_widget[name=opinion] textarea",
            run: "edit 师傅很专业，下次还找你们",
        },
        {
            content: "Record the call",
            trigger: ".o_form_view button[name=action_answer]",
            run: "click",
        },
        {
            content: "The callback is done, without an error",
            trigger: `${NO_ERROR} .o_form_view:not(:has(button[name=action_answer])) .o_statusbar_status button.o_arrow_button_current[data-value=done]`,
        },
    ],
});

// A date filter's facet reads the period as a Chinese reader writes it.
registry.category("web_tour.tours").add("after_sales_zh_date_facet", {
    steps: () => [
        {
            content: "The facet of the callbacks' date filter",
            trigger: ".o_searchview_facet .o_facet_values",
            run() {
                const text = document.querySelector(
                    ".o_searchview_facet .o_facet_values"
                ).textContent;
                if (!/\d{4}年(\d{1,2}|[一二三四五六七八九十]+)月/.test(text)) {
                    throw new Error(`The period reads "${text}", not 2026年12月.`);
                }
            },
        },
    ],
});
