// Copyright 2026 after_sales_service developers
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

// The customer on a phone (390 × 844), driven by tests/test_portal_customer.py
// (TestPortalCustomerTour): on their request's page they open the quote to
// sign, accept and sign it (the name drawn as the signature), then rate the
// finished service. Steps select by classes and values, never by translated
// text; the page reads Chinese.
const NO_ERROR = "body:not(:has(.o_after_sales_error))";

function checkChinese(selector) {
    return function () {
        const text = document.querySelector(selector).textContent;
        if (!/[\u4e00-\u9fff]/.test(text)) {
            throw new Error(`"${text}" is not Chinese.`);
        }
        if (window.innerWidth > 400) {
            throw new Error(`The page is ${window.innerWidth} px wide, not a phone's.`);
        }
    };
}

registry.category("web_tour.tours").add("after_sales_portal_customer_signs", {
    steps: () => [
        {
            content: "The request page shows the service, in Chinese, on a phone",
            trigger: "#after_sales_service .o_after_sales_quote .badge",
            run: checkChinese("#after_sales_service .o_after_sales_quote .badge"),
        },
        {
            content: "Open the quote to sign",
            trigger: "#after_sales_service .o_after_sales_quote a.btn-primary",
            run: "click",
        },
        {
            content: "The quote waits for the signature",
            trigger: ".o_after_sales_quote_state[data-state=sent]",
        },
        {
            content: "Accept and sign",
            trigger: "button.o_after_sales_accept",
            run: "click",
        },
        {
            content: "The name is filled in: choose how it is drawn",
            trigger: ".modal.show.o_after_sales_sign .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            content: "A handwriting style",
            trigger: ".o-dropdown-item:eq(1)",
            run: "click",
        },
        {
            content: "Send the signature",
            trigger: ".modal.show.o_after_sales_sign .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The quote is signed",
            trigger: `${NO_ERROR} .o_after_sales_signed`,
        },
        {
            content: "… and confirmed",
            trigger: ".o_after_sales_quote_state[data-state=confirmed]",
        },
    ],
});

registry.category("web_tour.tours").add("after_sales_portal_customer_rates", {
    steps: () => [
        {
            content: "The rating page, in Chinese, on a phone",
            trigger: "form.o_after_sales_rating label[for$=_excellent]",
            run: checkChinese("form.o_after_sales_rating label[for$=_excellent]"),
        },
        {
            content: "Very satisfied with the first question",
            trigger: ".o_after_sales_question:nth-of-type(1) input[value=excellent] + label",
            run: "click",
        },
        {
            content: "Satisfied with the second",
            trigger: ".o_after_sales_question:nth-of-type(2) input[value=good] + label",
            run: "click",
        },
        {
            content: "Satisfied with the third",
            trigger: ".o_after_sales_question:nth-of-type(3) input[value=good] + label",
            run: "click",
        },
        {
            content: "A word for the engineer",
            trigger: "textarea[name=opinion]",
            run: "edit 师傅很专业",
        },
        {
            content: "Send",
            trigger: ".o_after_sales_send_rating",
            run: "click",
        },
        {
            content: "Thanked: the answer is recorded",
            trigger: `${NO_ERROR} .o_after_sales_answered`,
        },
    ],
});
