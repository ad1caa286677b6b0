// Copyright 2026 after_sales_service developers
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

// The clerk submits the month's labour-hours statistics in the Chinese interface,
// driven by tests/test_report_submission_tour.py (TestReportSubmissionTour): from
// Monthly Submissions, the month's record, Submit (confirmed), submitted. Steps
// select by field names and values, never by translated text (R-RPT-1).
const NO_ERROR = "body:not(:has(.o_error_dialog)):not(:has(.o_notification.bg-danger))";

registry.category("web_tour.tours").add("after_sales_clerk_report_submission", {
    steps: () => [
        {
            // The list opens on the month just closed, in the seeds' order: its
            // labour-hours statistics come first.
            content: "The interface reads Chinese; the month's labour report is listed first",
            trigger: ".o_list_view .o_data_row:first-child td[name=kind]",
            run(helpers) {
                if (user.lang !== "zh-CN") {
                    throw new Error(`The client runs in ${user.lang}, not zh-CN.`);
                }
                helpers.click();
            },
        },
        {
            content: "Submit the month's report",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "Confirm: its print is kept as it is now",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The report is submitted, without an error",
            trigger: `${NO_ERROR} .o_form_view:not(:has(button[name=action_submit])) .o_statusbar_status button.o_arrow_button_current[data-value=submitted]`,
        },
    ],
});
