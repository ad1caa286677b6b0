// Copyright 2026 after_sales_service developers
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

// A service clerk registers a call and an engineer's visit record is opened from it
// (R-IN-1, R-REC-1). Driven by tests/test_tour.py in a real browser.
registry.category("web_tour.tours").add("after_sales_register_call", {
    url: "/odoo/after-sales-requests/new",
    steps: () => [
        {
            content: "Title of the call",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Outdoor unit leaks water",
        },
        {
            content: "Customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Customer",
        },
        {
            // Enter, not a click on the list: it waits for the search of the typed
            // text, where a click may hit the list opened before typing.
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Customer)",
            run: "press Enter",
        },
        {
            trigger: ".o_field_widget[name=partner_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(Tour Customer)",
        },
        {
            content: "Service type",
            trigger: ".o_field_widget[name=service_type_id] input",
            run: "edit Repair",
        },
        {
            // Enter, not a click on the list: it waits for the search of the typed
            // text, where a click may hit the list opened before typing.
            trigger: ".o-autocomplete--dropdown-item:contains(Repair)",
            run: "press Enter",
        },
        {
            trigger: ".o_field_widget[name=service_type_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(Repair)",
        },
        {
            content: "After-sales page",
            trigger: ".o_notebook a:contains(After-Sales)",
            run: "click",
        },
        {
            content: "Serial number",
            trigger: ".o_field_widget[name=lot_id] input",
            run: "edit TOUR-0001",
        },
        {
            // Enter, not a click on the list: it waits for the search of the typed
            // text, where a click may hit the list opened before typing.
            trigger: ".o-autocomplete--dropdown-item:contains(TOUR-0001)",
            run: "press Enter",
        },
        {
            trigger: ".o_field_widget[name=lot_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(TOUR-0001)",
        },
        {
            content: "Fault",
            trigger: ".o_field_widget[name=fault_description] textarea",
            run: "edit Leaks water",
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
            run: "editor Water drips from the outdoor unit.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Numbered by the company pattern",
            trigger: ".o_form_saved .o_field_widget[name=number]:contains(TR-)",
        },
    ],
});
