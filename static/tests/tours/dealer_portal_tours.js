// Copyright 2026 after_sales_service developers
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

// A dealer registers a return of two units on a phone (390 × 844), driven by
// tests/test_dealer_portal.py (TestDealerPortalTour). Steps select the fields
// by their name, never by translated text.
// The page fits the phone: no horizontal scrolling on a 390 px wide screen.
function fitsPhone(trigger) {
    return {
        content: "Fits the phone's width",
        trigger,
        run() {
            const width = document.documentElement.scrollWidth;
            if (window.innerWidth > 400 || width > window.innerWidth + 1) {
                throw new Error(
                    `Not a phone layout: ${width}px wide in a ${window.innerWidth}px window`
                );
            }
        },
    };
}

function unitSteps(index, serial, extra) {
    const field = (name) => `.o_dealer_form [name=${name}_${index}]`;
    return [
        {
            content: `Model of unit ${index + 1}`,
            trigger: field("product_id"),
            run: "selectByLabel Tour Air Conditioner",
        },
        { trigger: field("colour"), run: "edit 白色" },
        { trigger: field("serial"), run: `edit ${serial}` },
        { trigger: field("problem"), run: "edit 不制冷" },
        ...extra(field),
    ];
}

registry.category("web_tour.tours").add("after_sales_dealer_registers_two_units", {
    steps: () => [
        fitsPhone(".o_dealer_returns"),
        {
            content: "Register a return",
            trigger: "a.o_dealer_new",
            run: "click",
        },
        {
            content: "Two units in this return",
            trigger: "input[name=units]",
            run: "edit 2",
        },
        {
            trigger: "button.o_dealer_units",
            run: "click",
        },
        {
            content: "The form has two units",
            trigger: ".o_dealer_form .o_dealer_unit_1",
        },
        fitsPhone(".o_dealer_form .o_dealer_unit_1"),
        ...unitSteps(0, "TOUR-0001", (field) => [
            { trigger: field("cycle"), run: "select 3" },
        ]),
        ...unitSteps(1, "TOUR-0002", (field) => [
            { trigger: field("arrival"), run: "select courier" },
            { trigger: field("courier"), run: "edit 顺丰速运" },
            { trigger: field("tracking"), run: "edit SF9988" },
            { trigger: field("handling"), run: "select exchange" },
            { trigger: field("cycle"), run: "select 5" },
        ]),
        {
            content: "Send the return",
            trigger: "button.o_dealer_submit",
            run: "click",
        },
        {
            content: "Registered: back on the list with both units",
            trigger: ".o_dealer_registered",
        },
        {
            trigger: ".o_dealer_rows .o_dealer_row:contains(TOUR-0002)",
        },
        fitsPhone(".o_dealer_rows"),
        {
            content: "Open the unit",
            trigger: ".o_dealer_rows .o_dealer_row:contains(TOUR-0002)",
            run: "click",
        },
        {
            content: "Its state in plain words",
            trigger: ".o_dealer_unit_page .o_dealer_status",
        },
        fitsPhone(".o_dealer_unit_page"),
    ],
});
