// Copyright 2026 after_sales_service developers
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

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

// Issue 20.1: on an out-of-warranty request the supervisor adds a part in the
// requisition form, sees it proposed chargeable, makes it free and has to give the
// reason, whose column is shown and whose cell turns required once the charge
// differs from the warranty. Driven by tests/test_daily_paths.py (TestFreePartTour).
const PARTS = ".o_form_view .o_field_widget[name=line_ids]";
const NEW_ROW = `${PARTS} .o_selected_row`;
registry.category("web_tour.tours").add("after_sales_supervisor_free_part", {
    steps: () => [
        {
            content: "The reason column is shown in the parts list, in Chinese",
            trigger: `${PARTS} th[data-name=charge_reason]`,
            run() {
                if (user.lang !== "zh-CN") {
                    throw new Error(`The client runs in ${user.lang}, not zh-CN.`);
                }
            },
        },
        {
            content: "Add a part",
            trigger: `${PARTS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "The part",
            trigger: `${NEW_ROW} .o_field_widget[name=product_id] input`,
            run: "edit TOUR-CAP",
        },
        {
            // Enter, not a click on the list: it waits for the search of the typed
            // text, where a click may hit the list opened before typing.
            trigger: ".o-autocomplete--dropdown-item:contains(TOUR-CAP)",
            run: "press Enter",
        },
        {
            trigger: `${NEW_ROW} .o_field_widget[name=product_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(TOUR-CAP)`,
        },
        {
            content: "Out of warranty: proposed chargeable, no reason asked",
            trigger: `${NEW_ROW}:has(.o_field_widget[name=product_id] input:value(TOUR-CAP)):not(:has(.o_field_widget[name=charge_reason])) .o_field_widget[name=chargeable] input:checked`,
        },
        {
            content: "Make it free",
            trigger: `${NEW_ROW} .o_field_widget[name=chargeable] input:checked`,
            run: "click",
        },
        {
            content: "Free against the warranty: the reason is required",
            trigger: `${NEW_ROW}:has(.o_field_widget[name=chargeable] input:not(:checked)) .o_field_widget[name=charge_reason].o_required_modifier input`,
            run: "edit 重点客户,公司承担",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved without an error",
            trigger: `${NO_ERROR} .o_form_view .o_form_saved`,
        },
    ],
});
