// Copyright 2026 after_sales_service developers
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

// The daily work of a supervisor and an engineer in the Chinese interface, driven by
// tests/test_tour.py (TestDailyWorkTours). Steps select buttons and fields by their
// `name`, never by translated text. A step after each button waits for what only
// success shows, on a page without an error dialog or a red notification: a
// refused action fails the tour there.
const NO_ERROR = "body:not(:has(.o_error_dialog)):not(:has(.o_notification.bg-danger))";

registry.category("web_tour.tours").add("after_sales_supervisor_dispatch", {
    steps: () => [
        {
            content: "Dispatch by the team's rotation",
            trigger: ".o_form_view button[name=action_dispatch]",
            run: "click",
        },
        {
            content: "The engineer in turn is assigned, the button is gone",
            trigger: `${NO_ERROR} .o_form_view:not(:has(button[name=action_dispatch])) .o_form_saved`,
        },
    ],
});

registry.category("web_tour.tours").add("after_sales_engineer_phone", {
    steps: () => [
        {
            content: "Resolved by phone",
            trigger: ".o_form_view button[name=action_resolve_by_phone]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Closed: the button is gone",
            trigger: `${NO_ERROR} .o_form_view:not(:has(button[name=action_resolve_by_phone])) .o_form_saved`,
        },
    ],
});

registry.category("web_tour.tours").add("after_sales_engineer_visit", {
    steps: () => [
        {
            content: "Arrived on site",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            content: "Findings",
            trigger: `${NO_ERROR} .o_form_view:not(:has(button[name=action_start])) .o_notebook a[name=findings]`,
            run: "click",
        },
        {
            content: "Measures",
            trigger: ".o_field_widget[name=measures] textarea",
            run: "edit 更换风扇电容",
        },
        {
            content: "Result",
            trigger: ".o_field_widget[name=result] select",
            run: 'select "accepted"',
        },
        {
            content: "Customer page",
            trigger: ".o_notebook a[name=customer]",
            run: "click",
        },
        {
            content: "Confirmed by",
            trigger: ".o_field_widget[name=confirm_name] input",
            run: "edit 张伟",
        },
        {
            content: "Confirmation date",
            trigger: ".o_field_widget[name=confirm_date] input",
            run: "click",
        },
        {
            content: "Today",
            trigger: ".o_datetime_picker .o_today",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "The record is done",
            trigger: `${NO_ERROR} .o_form_view:not(:has(button[name=action_done])) .o_statusbar_status button.o_arrow_button_current[data-value=done]`,
        },
    ],
});

registry.category("web_tour.tours").add("after_sales_engineer_work_log", {
    steps: () => [
        {
            content: "Submit the day's log",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: `${NO_ERROR} .o_form_view:not(:has(button[name=action_submit])) .o_statusbar_status button.o_arrow_button_current[data-value=submitted]`,
        },
    ],
});
