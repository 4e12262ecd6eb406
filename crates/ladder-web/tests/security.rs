//! The workspace over real HTTP: a server on a loopback port in front of a store with
//! hand-made reports and events, driven by a plain HTTP client. Who may open what, CSRF,
//! TLP:RED, and a correction that changes the stage called.

use chrono::NaiveDate;
use ladder_core::{Event, EventType, Evidence, Location, Modality, Reliability, Report, Tlp};
use ladder_share::partners::{hash_secret, PartnersFile};
use ladder_share::taxii::server::{serve_app, Server};
use ladder_store::{AnnotationStore, SqliteStore, Store};
use std::sync::Arc;

const SECRET_WORD: &str = "zanzibarite";

fn report(id: &str, source: &str, day: u32, text: &str, tlp: Tlp) -> Report {
    let mut r = Report::plain_text(id, text.to_string(), NaiveDate::from_ymd_opt(2024, 6, day));
    r.source = Some(source.into());
    r.title = Some(format!("{source} on the summit"));
    r.reliability = Some(Reliability::B);
    r.tlp = tlp;
    r
}

fn consult(id: &str, report: &Report) -> Event {
    Event {
        id: id.into(),
        actor: vec!["RUS".into()],
        actor_detail: None,
        event_type: EventType::Consult,
        mode: None,
        context: vec![],
        cameo: None,
        recipient: vec!["PRK".into()],
        recipient_detail: None,
        quantity: None,
        location: None,
        event_date: report.published.map(|d| d.to_string()),
        date_precision: None,
        date_basis: None,
        modality: Modality::Asserted,
        attributed_to: vec![],
        attributed_detail: None,
        evidence: Evidence {
            report_id: report.id.clone(),
            report_ref: None,
            start: 0,
            end: report.text.len(),
            text: report.text.clone(),
        },
        rule: "test.consult".into(),
    }
}

/// A store with two independent open reports of a Russia–North Korea summit and one
/// TLP:RED report of it.
fn fixture(path: &std::path::Path) {
    let mut store = SqliteStore::open(path).unwrap();
    let reports = [
        report(
            "r-open-1",
            "Yonhap",
            19,
            "Putin held talks with Kim Jong Un in Pyongyang.",
            Tlp::Clear,
        ),
        report(
            "r-open-2",
            "Reuters",
            19,
            "Russia's president met North Korea's leader in Pyongyang for a summit.",
            Tlp::Clear,
        ),
        report(
            "r-red",
            "Station",
            20,
            &format!("Source {SECRET_WORD} says Putin met Kim again in private."),
            Tlp::Red,
        ),
    ];
    store.put_reports(&reports).unwrap();
    let batch: Vec<(String, Vec<Event>)> = reports
        .iter()
        .map(|r| {
            let mut event = consult(&format!("e-{}", r.id), r);
            let place = if r.tlp == Tlp::Red {
                "Secretplace"
            } else {
                "Pyongyang"
            };
            event.location = Some(Location {
                name: place.into(),
                country: Some("PRK".into()),
                lat: Some(39.0),
                lon: Some(125.7),
                kind: None,
            });
            (r.id.clone(), vec![event])
        })
        .collect();
    store.put_events("test", &batch).unwrap();
}

struct Running {
    base: String,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn partners() -> PartnersFile {
    // The example's partners and collections, with this test's analysts instead of its own.
    let example = include_str!("../../../data/partners.example.toml");
    let mut text = example[..example.find("[[users]]").unwrap_or(example.len())].to_string();
    for (name, role, clearance) in [
        ("ana", "write", "amber-strict"),
        ("rob", "read", "amber-strict"),
        ("cleo", "write", "red"),
    ] {
        text.push_str(&format!(
            "\n[[users]]\nname = \"{name}\"\nrole = \"{role}\"\nclearance = \"{clearance}\"\npassword_hash = \"{}\"\n",
            hash_secret(&format!("{name}-password")).unwrap()
        ));
    }
    PartnersFile::parse(&text).unwrap()
}

fn start() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ladder.db");
    fixture(&db);
    let config = partners();
    let (tx, rx) = std::sync::mpsc::channel();
    let db_path = db.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let taxii = Arc::new(Server::new(config.clone(), db_path.clone(), "http", addr));
            let web = ladder_web::WebState::new(config, db_path, false, None).unwrap();
            let app = ladder_web::app(Arc::new(web), taxii.router());
            tx.send(addr).unwrap();
            serve_app(app, listener, None).await.unwrap();
        });
    });
    let addr = rx.recv().unwrap();
    Running {
        base: format!("http://{addr}"),
        db,
        _dir: dir,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

struct Reply {
    status: u16,
    cookies: Vec<String>,
    location: String,
    csp: String,
    body: String,
}

fn reply(mut r: ureq::http::Response<ureq::Body>) -> Reply {
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let cookies = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    let (location, csp) = (header("location"), header("content-security-policy"));
    Reply {
        status: r.status().as_u16(),
        cookies,
        location,
        csp,
        body: r.body_mut().read_to_string().unwrap_or_default(),
    }
}

fn csrf_of(body: &str) -> String {
    let at = body
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 19;
    body[at..].split('"').next().unwrap().to_string()
}

/// A logged-in browser: its session cookie and CSRF token.
struct Browser<'a> {
    run: &'a Running,
    cookie: String,
    csrf: String,
}

impl<'a> Browser<'a> {
    fn login(run: &'a Running, name: &str) -> Browser<'a> {
        let form = reply(
            agent()
                .get(format!("{}/ui/login", run.base))
                .call()
                .unwrap(),
        );
        let login_cookie = form.cookies[0].split(';').next().unwrap().to_string();
        let csrf = csrf_of(&form.body);
        let r = reply(
            agent()
                .post(format!("{}/ui/login", run.base))
                .header("Cookie", &login_cookie)
                .content_type("application/x-www-form-urlencoded")
                .send(format!("name={name}&password={name}-password&csrf={csrf}"))
                .unwrap(),
        );
        assert_eq!(r.status, 303, "{name} logs in");
        let session = r
            .cookies
            .iter()
            .find(|c| c.starts_with("ladder_session="))
            .expect("a session cookie");
        assert!(
            session.contains("HttpOnly") && session.contains("SameSite=Strict"),
            "{session}"
        );
        let cookie = session.split(';').next().unwrap().to_string();
        let board = reply(
            agent()
                .get(format!("{}/ui/", run.base))
                .header("Cookie", &cookie)
                .call()
                .unwrap(),
        );
        assert_eq!(board.status, 200);
        Browser {
            run,
            csrf: csrf_of(&board.body),
            cookie,
        }
    }

    fn get(&self, path: &str) -> Reply {
        reply(
            agent()
                .get(format!("{}{path}", self.run.base))
                .header("Cookie", &self.cookie)
                .call()
                .unwrap(),
        )
    }

    fn post(&self, path: &str, form: &str) -> Reply {
        reply(
            agent()
                .post(format!("{}{path}", self.run.base))
                .header("Cookie", &self.cookie)
                .content_type("application/x-www-form-urlencoded")
                .send(form.to_string())
                .unwrap(),
        )
    }
}

fn corrections(run: &Running) -> usize {
    SqliteStore::open(&run.db)
        .unwrap()
        .corrections()
        .unwrap()
        .len()
}

#[test]
fn partners_reach_only_taxii_and_analysts_only_the_workspace() {
    let run = start();
    for auth in ["Bearer nato-token", "Basic bmF0bzpuYXRvLXBhc3N3b3Jk"] {
        let r = reply(
            agent()
                .get(format!("{}/ui/", run.base))
                .header("Authorization", auth)
                .call()
                .unwrap(),
        );
        assert_eq!(
            (r.status, r.location.as_str()),
            (303, "/ui/login"),
            "{auth}"
        );
        assert!(!r.body.contains("Board"));
        let taxii = reply(
            agent()
                .get(format!("{}/taxii2/", run.base))
                .header("Authorization", auth)
                .call()
                .unwrap(),
        );
        assert_eq!(taxii.status, 200, "the partner still reaches TAXII");
    }
    let ana_basic = "Basic YW5hOmFuYS1wYXNzd29yZA=="; // ana:ana-password
    let taxii = reply(
        agent()
            .get(format!("{}/taxii2/", run.base))
            .header("Authorization", ana_basic)
            .call()
            .unwrap(),
    );
    assert_eq!(
        taxii.status, 401,
        "an analyst's password does not open TAXII"
    );
    let anonymous = reply(
        agent()
            .get(format!(
                "{}/ui/scenario/prk-rus-military-cooperation",
                run.base
            ))
            .call()
            .unwrap(),
    );
    assert_eq!(anonymous.status, 303);
    let wrong = reply(
        agent()
            .get(format!("{}/ui/login", run.base))
            .call()
            .unwrap(),
    );
    assert!(
        wrong.csp.contains("default-src 'none'"),
        "strict CSP: {}",
        wrong.csp
    );
    assert!(
        !wrong.body.contains("<script"),
        "no script on the login page"
    );
}

#[test]
fn forms_need_their_csrf_token_and_read_only_analysts_cannot_correct() {
    let run = start();
    let ana = Browser::login(&run, "ana");
    let path = "/ui/report/r-open-1/correct";
    let form = "event_id=e-r-open-1&action=reject&value=";
    assert_eq!(ana.post(path, form).status, 403, "no token");
    assert_eq!(
        ana.post(path, &format!("{form}&csrf=forged")).status,
        403,
        "wrong token"
    );
    assert_eq!(corrections(&run), 0);
    let rob = Browser::login(&run, "rob");
    assert_eq!(
        rob.post(path, &format!("{form}&csrf={}", rob.csrf)).status,
        403,
        "read-only"
    );
    assert!(
        !rob.get("/ui/report/r-open-1").body.contains("/correct\""),
        "no correction form shown"
    );
    assert_eq!(corrections(&run), 0);
    let logout = ana.post("/ui/logout", "");
    assert_eq!(logout.status, 403, "logging out needs the token too");
    let login_without_token = reply(
        agent()
            .post(format!("{}/ui/login", run.base))
            .content_type("application/x-www-form-urlencoded")
            .send("name=ana&password=ana-password")
            .unwrap(),
    );
    assert_eq!(login_without_token.status, 403);
    let ok = ana.post(path, &format!("{form}&csrf={}", ana.csrf));
    assert_eq!(ok.status, 303);
    assert_eq!(corrections(&run), 1);
    assert_eq!(
        ana.post("/ui/logout", &format!("csrf={}", ana.csrf)).status,
        303
    );
    assert_eq!(ana.get("/ui/").status, 303, "the session is over");
}

#[test]
fn tlp_red_is_absent_for_an_uncleared_analyst() {
    let run = start();
    let ana = Browser::login(&run, "ana");
    let cleo = Browser::login(&run, "cleo");
    let search = format!("/ui/search?q={SECRET_WORD}");
    assert!(!ana.get(&search).body.contains("r-red"));
    assert!(
        cleo.get(&search).body.contains("/ui/report/r-red"),
        "the cleared analyst finds it"
    );
    assert_eq!(ana.get("/ui/report/r-red").status, 404);
    assert_eq!(cleo.get("/ui/report/r-red").status, 200);
    for page in [
        "/ui/",
        "/ui/board/rows",
        "/ui/scenario/prk-rus-military-cooperation",
        "/ui/map",
    ] {
        let body = ana.get(page).body;
        assert!(
            !body.contains(SECRET_WORD) && !body.contains("r-red") && !body.contains("Secretplace"),
            "{page}"
        );
    }
    assert!(
        ana.get("/ui/map").body.contains("Pyongyang"),
        "open places are on the map"
    );
    assert!(
        cleo.get("/ui/map").body.contains("Secretplace"),
        "and the cleared analyst's map has the RED one"
    );
    assert!(cleo
        .get("/ui/scenario/prk-rus-military-cooperation")
        .body
        .contains(SECRET_WORD));
    let post = ana.post(
        "/ui/report/r-red/correct",
        &format!("event_id=e-r-red&action=reject&csrf={}", ana.csrf),
    );
    assert_eq!(post.status, 404, "nor can it be corrected");
}

fn stage(body: &str) -> String {
    let at = body.find("id=\"stage\">").expect("the stage called") + 11;
    body[at..].split('<').next().unwrap().to_string()
}

#[test]
fn rejecting_an_event_changes_the_call_and_adding_one_restores_it() {
    let run = start();
    let ana = Browser::login(&run, "ana");
    let page = "/ui/scenario/prk-rus-military-cooperation?as_of=2024-06-19";
    let before = ana.get(page);
    assert_eq!(
        stage(&before.body),
        "1",
        "two independent sources call the summit"
    );
    assert!(
        before.body.contains("/ui/report/r-open-1#ev-e-r-open-1"),
        "evidence links to its span"
    );
    let reader = ana.get("/ui/report/r-open-1");
    assert!(
        reader.body.contains("id=\"ev-e-r-open-1\""),
        "the span carries the anchor"
    );
    let r = ana.post(
        "/ui/report/r-open-2/correct",
        &format!("event_id=e-r-open-2&action=reject&csrf={}", ana.csrf),
    );
    assert_eq!(r.status, 303);
    assert_eq!(stage(&ana.get(page).body), "0", "one source left: no call");
    assert!(ana.get("/ui/report/r-open-2").body.contains("rejected"));
    let add = ana.post(
        "/ui/report/r-open-2/add",
        &format!(
            "quote=Russia%27s+president+met+North+Korea%27s+leader&actor=RUS&event_type=CONSULT&recipient=PRK&modality=asserted&csrf={}",
            ana.csrf
        ),
    );
    assert_eq!(add.status, 303, "{}", add.body);
    assert_eq!(
        stage(&ana.get(page).body),
        "1",
        "the analyst's event counts"
    );
    let bad = ana.post(
        "/ui/report/r-open-2/add",
        &format!(
            "quote=words+not+there&actor=RUS&event_type=CONSULT&modality=asserted&csrf={}",
            ana.csrf
        ),
    );
    assert_eq!(bad.status, 400);
    let history = ana.get("/ui/report/r-open-2").body;
    assert!(
        history.contains("ana: rejected") && history.contains("ana: added RUS CONSULT"),
        "history"
    );
}
