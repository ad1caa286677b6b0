// Copyright 2026 after_sales_service developers
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

// Every role's daily path in the Chinese interface, as users without an e-mail
// address (issue 20), driven by tests/test_role_tours.py (TestRoleTours). Steps
// select buttons and fields by their `name`, never by translated text (except
// where typing Chinese is the point). A step after each button waits for what
// only success shows, on a page without an error dialog or a red notification:
// a refused action fails the tour there.
const NO_ERROR = "body:not(:has(.o_error_dialog)):not(:has(.o_notification.bg-danger))";

function statusIs(state) {
    return `${NO_ERROR} .o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=${state}]`;
}

// Supervisor: assigns the engineer in helpdesk's own *Assigned to* field and saves.
registry.category("web_tour.tours").add("after_sales_supervisor_assigns", {
    steps: () => [
        {
            content: "Assigned to",
            trigger: ".o_form_view .o_field_widget[name=user_id] input",
            run: "edit 巡检工程师",
        },
        {
            // Enter, not a click on the list: it waits for the search of the typed
            // text, where a click may hit the list opened before typing.
            trigger: ".o-autocomplete--dropdown-item:contains(巡检工程师)",
            run: "press Enter",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=user_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(巡检工程师)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved without an error",
            trigger: `${NO_ERROR} .o_form_view .o_form_saved`,
            timeout: 30000,
        },
    ],
});

// Supervisor: approves an engineer's parts requisition.
registry.category("web_tour.tours").add("after_sales_supervisor_approves_parts", {
    steps: () => [
        {
            content: "Approve",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "Approved",
            trigger: statusIs("approved"),
            timeout: 30000,
        },
    ],
});

// Warehouse keeper: opens Parts to Issue from the menu and issues a requisition.
registry.category("web_tour.tours").add("after_sales_keeper_issues", {
    steps: () => [
        {
            content: "Parts",
            trigger: ".o_menu_sections [data-menu-xmlid='after_sales_service.parts_menu']",
            run: "click",
        },
        {
            content: "Parts to Issue",
            trigger: ".dropdown-item[data-menu-xmlid='after_sales_service.parts_to_issue_menu']",
            run: "click",
        },
        {
            content: "The approved requisition",
            trigger: ".o_list_view .o_data_row td[name=partner_id]:contains(仓库客户甲)",
            run: "click",
        },
        {
            content: "Issue",
            trigger: ".o_form_view button[name=action_issue]",
            run: "click",
        },
        {
            content: "Issued",
            trigger: statusIs("issued"),
            timeout: 30000,
        },
    ],
});

// Department manager or general manager: signs the step in turn with the wizard.
registry.category("web_tour.tours").add("after_sales_sign_determination", {
    steps: () => [
        {
            content: "Sign",
            trigger: ".o_form_view button[name=action_open_sign_wizard]",
            run: "click",
        },
        {
            content: "Approve",
            trigger: ".modal .o_field_widget[name=decision] input[data-value=approve]",
            run: "click",
        },
        {
            content: "Opinion",
            trigger: ".modal .o_field_widget[name=comment] textarea",
            run: "edit 同意",
        },
        {
            content: "Sign",
            trigger: ".modal-footer button[name=action_sign]",
            run: "click",
        },
        {
            content: "Signed: the Sign button is gone",
            trigger: `${NO_ERROR}:not(:has(.modal)) .o_form_view:not(:has(button[name=action_open_sign_wizard])) .o_form_saved`,
            timeout: 30000,
        },
    ],
});

// Department manager: confirms a monthly statement.
registry.category("web_tour.tours").add("after_sales_manager_confirms_statement", {
    steps: () => [
        {
            content: "Confirm",
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Confirmed",
            trigger: statusIs("confirmed"),
            timeout: 30000,
        },
    ],
});

// Finance: books a confirmed statement; the journal entry it made opens.
registry.category("web_tour.tours").add("after_sales_finance_books_statement", {
    steps: () => [
        {
            content: "Book",
            trigger: ".o_form_view button[name=action_book]",
            run: "click",
        },
        {
            content: "The journal entry opens posted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=posted]",
            timeout: 30000,
        },
        {
            // (a step that runs code needs an enabled trigger: not the current,
            // disabled, status button)
            content: "The journal entry shows its journal items, without an error",
            trigger: `${NO_ERROR} .o_form_view .o_field_widget[name=line_ids] .o_data_row`,
            run() {
                const rows = document.querySelectorAll(
                    ".o_field_widget[name=line_ids] .o_data_row"
                ).length;
                console.log(`after_sales_finance_books_statement: ${rows} journal items shown`);
            },
        },
    ],
});

// Clerk: registers a call in Chinese, without an e-mail address.
registry.category("web_tour.tours").add("after_sales_clerk_register_call_zh", {
    url: "/odoo/after-sales-requests/new",
    steps: () => [
        {
            content: "Title of the call",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 室外机漏水",
        },
        {
            content: "Customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit 巡检客户",
        },
        {
            // Enter, not a click on the list: it waits for the search of the typed
            // text, where a click may hit the list opened before typing.
            trigger: ".o-autocomplete--dropdown-item:contains(巡检客户)",
            run: "press Enter",
        },
        {
            trigger: ".o_field_widget[name=partner_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(巡检客户)",
        },
        {
            content: "Service type, read in Chinese",
            trigger: ".o_field_widget[name=service_type_id] input",
            run: "edit 维修",
        },
        {
            // Enter, not a click on the list: it waits for the search of the typed
            // text, where a click may hit the list opened before typing.
            trigger: ".o-autocomplete--dropdown-item:contains(维修)",
            run: "press Enter",
        },
        {
            trigger: ".o_field_widget[name=service_type_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(维修)",
        },
        {
            content: "After-sales page",
            trigger: ".o_notebook a[name=after_sales]",
            run: "click",
        },
        {
            content: "Serial number",
            trigger: ".o_field_widget[name=lot_id] input",
            run: "edit ZH-TOUR-01",
        },
        {
            // Enter, not a click on the list: it waits for the search of the typed
            // text, where a click may hit the list opened before typing.
            trigger: ".o-autocomplete--dropdown-item:contains(ZH-TOUR-01)",
            run: "press Enter",
        },
        {
            trigger: ".o_field_widget[name=lot_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(ZH-TOUR-01)",
        },
        {
            content: "Fault",
            trigger: ".o_field_widget[name=fault_description] textarea",
            run: "edit 漏水",
        },
        // The rich text is typed last: it is committed by Save, so no update of
        // the record after it can re-render a many2one while its list is open.
        {
            content: "Description page",
            trigger: ".o_notebook a[name=description]",
            run: "click",
        },
        {
            content: "Description",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable",
            run: "editor 室外机滴水。",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Numbered by the company pattern, without an error",
            trigger: `${NO_ERROR} .o_form_saved .o_field_widget[name=number]:contains(ZH-)`,
            timeout: 30000,
        },
    ],
});
