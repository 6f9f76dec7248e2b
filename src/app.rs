//! The application shell: `<html>`, the router, the layout and the navigation by role.

use crate::assignments::MySessionsPage;
use crate::audit::AuditPage;
use crate::auth::{use_user, Area, ChangePasswordPage, LoginPage, SetupPage, SignedIn};
use crate::checkin::{CheckinPage, RosterEntryPage, RosterPage};
use crate::city::CityPage;
use crate::directory::{
    CourseUnitsPage, DirectoryPage, DistrictsPage, PartnerEditPage, ProceduresPage, TopicsPage,
    VenueEditPage,
};
use crate::disclosure::DisclosurePage;
use crate::i18n::t;
#[cfg(not(feature = "ssr"))]
use crate::i18n::Locale;
use crate::integrations::IntegrationsPage;
use crate::loaners::DevicesPage;
use crate::notify::{CallListPage, LetterPrintPage, LettersPage, OutboxPage};
use crate::paper_support::{
    SupportListPage, SupportNewPage, SupportReportPage, SupportRequestPage,
};
use crate::questionnaires::{
    QuestionnaireEntryPage, QuestionnairePhonePage, QuestionnairePrintPage,
};
use crate::reach::ReachPage;
use crate::registrations::{ReadbackPage, SlipPage};
use crate::residents::{IntakePage, ResidentEditPage, ResidentNewPage, ResidentPage, WalkinsPage};
use crate::retention::{RegisterPage, RetentionPage};
use crate::seat_requests::{
    PublicRequestPage, PublicSchedulePage, PublicSessionPage, RequestPage, RequestQueuePage,
};
use crate::session_reports::ReportPage;
use crate::sessions::{
    CalendarPage, CancelManyPage, CancelledPage, ImportMapPage, ImportPage, MonthPage,
    MonthPrintPage, SessionEditPage, SessionNewPage, SessionPage, SessionsPage,
};
use crate::supporters::{
    MySupporterPage, SessionSupportersPage, SupporterNewPage, SupporterPage, SupporterRegisterPage,
    SupporterRemindersPage, SupportersBoardPage,
};
use crate::today::TodayPage;
#[cfg(feature = "ssr")]
use crate::ui::islands::IslandLoader;
use crate::ui::{Forbidden, NotFound};
use crate::users::{UserEditPage, UsersPage};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server for every page.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = crate::auth::middleware::caller().map(|s| s.locale).unwrap_or_default();
    let assets = use_context::<crate::web::AppState>()
        .map(|state| state.assets)
        .unwrap_or_else(|| std::sync::Arc::new(crate::web::assets::Assets::read(&options)));
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="stylesheet" id="leptos" href=assets.css()/>
                <AutoReload options/>
                <IslandLoader js=assets.js() wasm=assets.wasm()/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    let (locale, user) = {
        let session = crate::auth::middleware::caller();
        (session.as_ref().map(|s| s.locale).unwrap_or_default(), session.and_then(|s| s.user))
    };
    // The app is rendered only on the server (islands are hydrated on their own), so
    // nothing here is serialised into the page.
    #[cfg(not(feature = "ssr"))]
    let (locale, user): (Locale, Option<crate::auth::CurrentUser>) = (Locale::default(), None);
    provide_context(locale);
    provide_context(SignedIn(StoredValue::new(user)));
    // The city's settings as this instance last read them (`web::state::CityCache`).
    #[cfg(feature = "ssr")]
    provide_context(
        use_context::<crate::web::AppState>().map(|s| s.city.get()).unwrap_or_default(),
    );
    // What a refused form held, kept on the server.
    provide_context(crate::ui::form::FormDraft::of_request());

    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/setup/:token") view=SetupPage ssr=SsrMode::Async/>
                    <Route path=path!("/public") view=PublicSchedulePage ssr=SsrMode::Async/>
                    <Route path=path!("/public/sessions/:id") view=PublicSessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/public/request") view=PublicRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/q/:link") view=QuestionnairePhonePage ssr=SsrMode::Async/>
                    <Route path=path!("/requests") view=RequestQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/:id") view=RequestPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/account/password")
                        view=ChangePasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/directory") view=DirectoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/directory/partners/new") view=PartnerEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/directory/partners/:id") view=PartnerEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/directory/venues/new") view=VenueEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/directory/venues/:id") view=VenueEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/topics") view=TopicsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/procedures") view=ProceduresPage ssr=SsrMode::Async/>
                    <Route path=path!("/support") view=SupportListPage ssr=SsrMode::Async/>
                    <Route path=path!("/support/new") view=SupportNewPage ssr=SsrMode::Async/>
                    <Route path=path!("/support/report") view=SupportReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/reach") view=ReachPage ssr=SsrMode::Async/>
                    <Route path=path!("/support/:id") view=SupportRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/supporters") view=SupportersBoardPage ssr=SsrMode::Async/>
                    <Route path=path!("/supporters/new") view=SupporterNewPage ssr=SsrMode::Async/>
                    <Route path=path!("/supporters/register") view=SupporterRegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/supporters/reminders") view=SupporterRemindersPage ssr=SsrMode::Async/>
                    <Route path=path!("/supporters/:id") view=SupporterPage ssr=SsrMode::Async/>
                    <Route path=path!("/my-supporter") view=MySupporterPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/supporters") view=SessionSupportersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/course-units") view=CourseUnitsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/districts") view=DistrictsPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/calendar") view=CalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions") view=SessionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/schedule") view=MonthPage ssr=SsrMode::Async/>
                    <Route path=path!("/import") view=ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/import/:token") view=ImportMapPage ssr=SsrMode::Async/>
                    <Route path=path!("/schedule/print") view=MonthPrintPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/new") view=SessionNewPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/cancel") view=CancelManyPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/cancelled") view=CancelledPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id") view=SessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/edit") view=SessionEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users/:id") view=UserEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/integrations") view=IntegrationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/retention") view=RetentionPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/city") view=CityPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/intake") view=IntakePage ssr=SsrMode::Async/>
                    <Route path=path!("/residents/new") view=ResidentNewPage ssr=SsrMode::Async/>
                    <Route path=path!("/residents/:id") view=ResidentPage ssr=SsrMode::Async/>
                    <Route path=path!("/residents/:id/edit") view=ResidentEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/residents/:id/disclosure") view=DisclosurePage ssr=SsrMode::Async/>
                    <Route path=path!("/registrations/:id") view=ReadbackPage ssr=SsrMode::Async/>
                    <Route path=path!("/registrations/:id/slip") view=SlipPage ssr=SsrMode::Async/>
                    <Route path=path!("/calls") view=CallListPage ssr=SsrMode::Async/>
                    <Route path=path!("/letters") view=LettersPage ssr=SsrMode::Async/>
                    <Route path=path!("/letters/print") view=LetterPrintPage ssr=SsrMode::Async/>
                    <Route path=path!("/outbox") view=OutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/my-sessions") view=MySessionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/devices") view=DevicesPage ssr=SsrMode::Async/>
                    <Route path=path!("/walkins") view=WalkinsPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/checkin") view=CheckinPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/roster") view=RosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/roster/entry") view=RosterEntryPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/report") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/questionnaires") view=QuestionnairePrintPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/questionnaires/entry") view=QuestionnaireEntryPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The menu entries, each with the area that decides who sees it.
fn menu(m: &'static crate::i18n::Messages) -> [(Area, &'static str, &'static str); 22] {
    [
        (Area::Home, "/", m.app.nav_home),
        (Area::MySessions, "/my-sessions", m.app.nav_my_sessions),
        (Area::MySessions, "/my-supporter", m.supporters.nav_my_supporter),
        (Area::Residents, "/intake", m.app.nav_intake),
        (Area::Residents, "/requests", m.seat_requests.nav_requests),
        (Area::Residents, "/calls", m.app.nav_calls),
        (Area::Residents, "/letters", m.app.nav_letters),
        (Area::Residents, "/outbox", m.app.nav_outbox),
        (Area::Residents, "/walkins", m.app.nav_walkins),
        (Area::Support, "/support", m.paper_support.nav_support),
        (Area::Supporters, "/supporters", m.supporters.nav_supporters),
        (Area::Sessions, "/sessions", m.app.nav_sessions),
        (Area::Sessions, "/schedule", m.app.nav_schedule),
        (Area::Directory, "/directory", m.app.nav_directory),
        (Area::Devices, "/devices", m.app.nav_devices),
        (Area::Reports, "/reports/reach", m.reach.nav_reach),
        (Area::Reports, "/support/report", m.paper_support.report_title),
        (Area::AdminUsers, "/admin/users", m.app.nav_users),
        (Area::AdminAudit, "/admin/audit", m.app.nav_audit),
        (Area::AdminUsers, "/admin/integrations", m.integrations.nav),
        (Area::AdminData, "/admin/retention", m.retention.nav_retention),
        (Area::AdminData, "/admin/city", m.city.nav),
    ]
}

#[component]
fn Layout(children: Children) -> impl IntoView {
    let m = t();
    let user = use_user();
    let locale = crate::i18n::use_locale();
    let other = locale.other();
    view! {
        <a class="skip-link" href="#main">
            {m.app.skip_to_main}
        </a>
        <header class="site-header">
            <div class="brand">
                <a href="/" class="brand-name">
                    {m.common.app_name}
                </a>
                <span class="brand-tagline">
                    {crate::city::use_city().fill(m.app.app_tagline, locale, false)}
                </span>
            </div>
            <div class="header-tools">
                <form method="post" action="/auth/lang" class="inline-form">
                    <input type="hidden" name="lang" value=other.code()/>
                    <BackField/>
                    <button
                        type="submit"
                        class="button secondary"
                        lang=other.code()
                        aria-label=m.app.switch_language_label
                    >
                        {m.app.switch_language}
                    </button>
                </form>
                {user
                    .clone()
                    .map(|u| {
                        view! {
                            <p class="whoami">
                                <span class="visually-hidden">{m.app.signed_in_as} ": "</span>
                                {u.display_name.clone()}
                                " ("
                                {u.role.label(m)}
                                ")"
                            </p>
                            <form method="post" action="/auth/logout" class="inline-form">
                                <button type="submit" class="button secondary">
                                    {m.app.logout}
                                </button>
                            </form>
                        }
                    })}
            </div>
        </header>
        {user
            .clone()
            .map(|u| {
                view! {
                    <nav class="site-nav" aria-label=m.app.nav_label>
                        <ul>
                            {menu(m)
                                .into_iter()
                                .filter(|(area, _, _)| area.allows(u.role))
                                .map(|(_, href, label)| view! { <li><NavLink href label/></li> })
                                .collect_view()}
                            <li>
                                <NavLink href="/account/calendar" label=m.app.nav_calendar/>
                            </li>
                            <li>
                                <NavLink href="/account/password" label=m.app.nav_password/>
                            </li>
                        </ul>
                    </nav>
                }
            })}
        <main id="main" tabindex="-1">
            {children()}
        </main>
    }
}

/// A menu link that marks the current page with `aria-current`.
#[component]
fn NavLink(href: &'static str, label: &'static str) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let current = move || (location.pathname.get() == href).then_some("page");
    view! {
        <a href=href aria-current=current>
            {label}
        </a>
    }
}

/// A hidden field with the current address, so a form post can come back here.
#[component]
fn BackField() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let back = move || {
        format!(
            "{}{}",
            location.pathname.get(),
            location.search.get().strip_prefix('?').map(|q| format!("?{q}")).unwrap_or_default()
        )
    };
    view! { <input type="hidden" name="back" value=back/> }
}

/// The signed-in home page: the role's today page, then the role's other pages.
#[component]
fn HomePage() -> impl IntoView {
    let m = t();
    let Some(user) = use_user() else {
        return view! { <Forbidden/> }.into_any();
    };
    let more: Vec<(&'static str, &'static str)> = menu(m)
        .into_iter()
        .skip(1)
        .filter(|(area, _, _)| area.allows(user.role))
        .map(|(_, href, label)| (href, label))
        .collect();
    view! { <TodayPage more/> }.into_any()
}
