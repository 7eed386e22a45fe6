//! The SMTP client session as a state machine, free of IO and of the clock.
//!
//! The driver feeds it what happened on the wire (`handle_connected`, `handle_bytes`,
//! `handle_tls_established`, `handle_failure`) and the passing of time (`poll_timeout` says when
//! the session next needs to be woken, `handle_timeout` wakes it, as in quinn-proto), and drains
//! what to do next with `poll_output`: bytes to send, replies to show, notes, a request to start
//! TLS, and finally the `Outcome`. Time is only ever passed in as an `Instant`.
//!
//! A server reply, positive or negative, is always data: it becomes an `Output::Received` and a
//! line in the outcome, never a Rust error. Everything this module reports is a typed fact (what a
//! reply answered, a `Note` kind with its values, a `Problem`, a `Cause`); it holds no sentences
//! for people, which the presentation layer makes.
//!
//! The order follows RFC 5321 3 and its extensions: greeting, EHLO (HELO when EHLO is refused with
//! 500 or 502), STARTTLS (RFC 3207) and EHLO again, AUTH (RFC 4954), MAIL, one RCPT per recipient,
//! DATA or BDAT (RFC 3030), QUIT. Replies are matched to commands through a queue, so PIPELINING
//! (RFC 2920) needs no special reply handling: the replies come back in the order the commands went.
//!
//! This module must never see a secret leave it unredacted: every logged line of an AUTH exchange
//! is the redacted form, and every logged line is passed through `auth::redact` as a last guard.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::auth::{
    AuthAside, AuthError, AuthExchange, Mechanism, choose_mechanism, redact, token_error,
};
use super::capability::Capabilities;
use super::cause::Cause;
use super::command::{self, Command};
use super::reply::{Reply, ReplyError, ReplyParser};

// The plan and the findings live in their own files; they are named from here too, as the
// session's inputs and outputs.
pub use super::outcome::{
    Answered, Awaiting, Ending, Failure, Note, NoteLevel, Outcome, Override, Problem,
    RecipientResult, ReplyContext, Stage, StageDetail, StageResult, StageStatus, TransportFailure,
    Verdict,
};
pub use super::plan::{
    AuthPlan, DsnOptions, Extensions, MessageSerial, PlanError, Security, SessionPlan, StopAfter,
    Timeouts,
};

/// Lines of a long message that were sent but are not shown in the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elided {
    pub lines: usize,
    pub bytes: usize,
}

/// One line we sent, as it goes into the transcript (already redacted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentLine {
    /// The bytes, including CRLF. For AUTH lines, the redacted form. Empty for `elided`.
    pub raw: Vec<u8>,
    /// The line as sent, without its CRLF (redacted for AUTH).
    pub text: String,
    /// Set instead of a line where the middle of a long message is left out of the transcript.
    pub elided: Option<Elided>,
    /// What a line of the AUTH exchange holds.
    pub aside: Option<AuthAside>,
}

impl SentLine {
    fn of(raw: Vec<u8>) -> SentLine {
        let text = String::from_utf8_lossy(raw.strip_suffix(b"\r\n").unwrap_or(&raw)).into_owned();
        SentLine {
            raw,
            text,
            elided: None,
            aside: None,
        }
    }
}

/// What the driver must do or show next.
#[derive(Debug, Clone)]
pub enum Output {
    /// Write `wire` to the connection; log `log`.
    Send {
        wire: Vec<u8>,
        log: Vec<SentLine>,
    },
    /// A complete reply arrived, answering `answered`.
    Received {
        reply: Reply,
        answered: Answered,
    },
    Note(Note),
    StageChanged(Stage),
    /// Perform the TLS handshake now (after a 220 to STARTTLS), then call
    /// `handle_tls_established` or `handle_failure`.
    StartTls,
    /// Close the connection; `Finished` follows.
    Close,
    /// One transaction of a plan with several (`SessionPlan::transactions`) is over and the next
    /// one starts on the same connection: its outcome, as `Finished` would have given it. The
    /// last transaction's outcome is the session's, in `Finished`.
    TransactionDone(Box<Outcome>),
    Finished(Box<Outcome>),
}

/// Where the session is between replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before `handle_connected`.
    Idle,
    /// Commands are out, replies are awaited.
    Talking,
    /// The driver is doing the TLS handshake.
    Handshaking,
    /// QUIT sent (or the connection is to be closed); waiting for the end.
    Closing,
    Done,
}

/// The decision, once made: the verdict and what decided it.
#[derive(Debug, Clone)]
struct Decision {
    verdict: Verdict,
    stage: Stage,
    reply: Option<Reply>,
    answered: Option<Answered>,
    ending: Ending,
}

/// How long to wait for the reply to `answered`: the greeting and the end of the data have their
/// own limits (RFC 5321 4.5.3.2), every other reply the command limit.
fn reply_limit(timeouts: &Timeouts, answered: &Answered) -> Duration {
    match answered {
        Answered::Greeting => timeouts.greeting,
        Answered::EndOfData | Answered::Bdat { .. } => timeouts.data,
        _ => timeouts.command,
    }
}

/// The SMTP client session. See the module documentation for the contract.
pub struct Session {
    plan: SessionPlan,
    parser: ReplyParser,
    out: VecDeque<Output>,
    /// Commands sent and waiting for their replies, in order.
    pending: VecDeque<Answered>,
    phase: Phase,
    helo_name: String,
    caps: Option<Capabilities>,
    tls: bool,
    tls_done_by_starttls: bool,
    auth: Option<AuthExchange>,
    auth_mechanism: Option<Mechanism>,
    auth_step: u32,
    stages: Vec<StageResult>,
    recipients: Vec<RecipientResult>,
    pipelined: bool,
    chunking: bool,
    smtputf8: bool,
    /// The size declared with MAIL (RFC 1870), in bytes.
    declared_size: Option<usize>,
    /// The AUTH mechanisms tried so far in this session, in order.
    tried: Vec<Mechanism>,
    /// The server refused the token itself during the exchange (an OAuth error challenge):
    /// another mechanism with the same token cannot do better.
    token_refused: bool,
    /// What the user overrode for this session.
    overrides: Vec<Override>,
    decision: Option<Decision>,
    cause: Option<Cause>,
    bdat_queue: VecDeque<(Command, Vec<u8>)>,
    /// The latest time the driver passed in.
    now: Option<Instant>,
    /// When the session gives up waiting, and for what.
    deadline: Option<(Instant, Awaiting, Duration)>,
    /// Any byte came from the server.
    heard: bool,
    /// The outcome, once decided and emitted.
    finished: Option<Outcome>,
    /// Transactions finished before the current one (`SessionPlan::transactions`).
    transactions_done: u32,
    /// The message as it goes after a 354, once encoded: the later transactions of the same
    /// connection send the same bytes.
    data_wire: Option<Vec<u8>>,
}

impl Session {
    /// A session that will run `plan`; nothing happens until `handle_connected`.
    pub fn new(plan: SessionPlan) -> Session {
        let parser = ReplyParser::new(plan.reply_limits);
        let recipients = plan
            .rcpt_to
            .iter()
            .map(|address| RecipientResult {
                address: address.clone(),
                accepted: false,
                reply: None,
            })
            .collect();
        let stages = Stage::ALL
            .iter()
            .map(|&stage| StageResult {
                stage,
                status: StageStatus::Skipped,
                detail: Some(StageDetail::NotReached),
                reply: None,
            })
            .collect();
        Session {
            plan,
            parser,
            out: VecDeque::new(),
            pending: VecDeque::new(),
            phase: Phase::Idle,
            helo_name: String::new(),
            caps: None,
            tls: false,
            tls_done_by_starttls: false,
            auth: None,
            auth_mechanism: None,
            auth_step: 0,
            stages,
            recipients,
            pipelined: false,
            chunking: false,
            smtputf8: false,
            declared_size: None,
            tried: Vec::new(),
            token_refused: false,
            overrides: Vec::new(),
            decision: None,
            cause: None,
            bdat_queue: VecDeque::new(),
            now: None,
            deadline: None,
            heard: false,
            finished: None,
            transactions_done: 0,
            data_wire: None,
        }
    }

    /// The next thing for the driver to do or show.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    /// The outcome, once `Finished` has been queued.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.finished.as_ref()
    }

    /// The plan's time limits (the driver uses `connect` before the session starts).
    pub fn timeouts(&self) -> Timeouts {
        self.plan.timeouts
    }

    /// When the driver must call `handle_timeout` if nothing else happens first: the deadline of
    /// the reply (or handshake) the session waits for. `None` while it waits for nothing.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.deadline.map(|(at, _, _)| at)
    }

    /// Time passed; if the deadline from `poll_timeout` is reached, the session ends with a
    /// timeout.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.now = Some(now);
        let Some((at, awaiting, limit)) = self.deadline else {
            return;
        };
        if now < at || self.phase == Phase::Done {
            return;
        }
        self.deadline = None;
        let silent = !self.heard;
        let problem = Problem::Timeout {
            awaiting,
            limit_ms: u64::try_from(limit.as_millis()).unwrap_or(u64::MAX),
            silent,
        };
        if self.phase == Phase::Closing && self.decision.is_some() {
            // Waiting for the 221 only: the verdict stands.
            self.note(Note::Problem(problem));
            self.close_quietly();
            return;
        }
        self.end_with_problem(Verdict::Timeout, problem);
    }

    /// Restarts the clock for whatever is awaited now.
    fn arm(&mut self) {
        let Some(now) = self.now else {
            return;
        };
        let timeouts = self.plan.timeouts;
        self.deadline = if self.phase == Phase::Handshaking {
            Some((now + timeouts.tls, Awaiting::Handshake, timeouts.tls))
        } else {
            self.pending.front().map(|a| {
                let limit = reply_limit(&timeouts, a);
                (now + limit, Awaiting::Reply(a.context()), limit)
            })
        };
    }

    /// What the session waits for, for the driver's decisions (a TLS record where a greeting is
    /// due means the port expects implicit TLS).
    pub fn awaiting(&self) -> Option<&Answered> {
        self.pending.front()
    }

    /// The connection is up (and for implicit TLS, the handshake done). `local_literal` is our
    /// side's address as an RFC 5321 4.1.3 address literal, used as EHLO name when none is set.
    pub fn handle_connected(&mut self, now: Instant, local_literal: &str, tls: bool) {
        if self.phase != Phase::Idle {
            return;
        }
        self.now = Some(now);
        self.tls = tls;
        self.helo_name = self
            .plan
            .helo_name
            .clone()
            .unwrap_or_else(|| local_literal.to_string());
        self.set_stage(Stage::Connect, StageStatus::Passed, None, None);
        if tls {
            let detail = if self.overrides.is_empty() {
                StageDetail::ImplicitTls
            } else {
                StageDetail::CertificateOverridden { starttls: false }
            };
            self.set_stage(Stage::Tls, StageStatus::Passed, Some(detail), None);
        }
        if self.plan.stop_after == StopAfter::Connect {
            // Nothing sent: the user only wanted to know the port answers.
            self.stopped_as_asked(Stage::Connect);
            self.out.push_back(Output::Close);
            self.emit_finished();
            return;
        }
        self.phase = Phase::Talking;
        self.stage(Stage::Greeting);
        self.expect(Answered::Greeting);
    }

    /// Bytes received from the server (decrypted, when TLS is active).
    pub fn handle_bytes(&mut self, now: Instant, bytes: &[u8]) {
        if matches!(self.phase, Phase::Done | Phase::Idle) {
            return;
        }
        self.now = Some(now);
        if !bytes.is_empty() {
            self.heard = true;
        }
        self.parser.push(bytes);
        loop {
            if self.phase == Phase::Done || self.phase == Phase::Handshaking {
                return;
            }
            match self.parser.next_reply() {
                Ok(Some(reply)) => self.on_reply(reply),
                Ok(None) => return,
                Err(err) => {
                    self.on_parse_error(err);
                    return;
                }
            }
        }
    }

    /// Bytes that arrived after the 220 to STARTTLS and before the handshake (RFC 3207 5:
    /// they must be discarded; a server or a middlebox injected them). Call before handshaking.
    pub fn take_injected(&mut self) -> Vec<u8> {
        self.parser.take_buffered()
    }

    /// The TLS handshake went on only because the user accepts invalid certificates: the
    /// certificate is not valid for `cause`. The outcome keeps this, so a pass is not a clean one.
    pub fn handle_certificate_accepted(&mut self, cause: Cause) {
        if !self
            .overrides
            .contains(&Override::InvalidCertificate { cause })
        {
            self.overrides.push(Override::InvalidCertificate { cause });
        }
    }

    /// The STARTTLS handshake succeeded: EHLO again (RFC 3207 4.2: forget what was learnt).
    pub fn handle_tls_established(&mut self, now: Instant) {
        if self.phase != Phase::Handshaking {
            return;
        }
        self.now = Some(now);
        self.tls = true;
        self.tls_done_by_starttls = true;
        self.caps = None;
        self.phase = Phase::Talking;
        let detail = if self.overrides.is_empty() {
            StageDetail::StartTls
        } else {
            StageDetail::CertificateOverridden { starttls: true }
        };
        self.set_stage(Stage::Tls, StageStatus::Passed, Some(detail), None);
        self.send_ehlo();
    }

    /// A failure of the transport or the user's cancel. Ends the session.
    pub fn handle_failure(&mut self, failure: Failure) {
        if self.phase == Phase::Done {
            return;
        }
        let closing_decided = self.phase == Phase::Closing && self.decision.is_some();
        let (verdict, problem) = match failure {
            Failure::Connect(f) => (Verdict::ConnectFailed, Problem::Connect { failure: f }),
            Failure::Tls(f) => (Verdict::TlsFailed, Problem::Tls { failure: f }),
            Failure::Io(f) => (Verdict::ConnectionLost, Problem::Io { failure: f }),
            Failure::Invalid(error) => (Verdict::InvalidInput, Problem::Invalid { error }),
            Failure::Cancelled => (Verdict::Cancelled, Problem::Cancelled),
            Failure::HandshakeTimeout { limit_ms } => (
                Verdict::Timeout,
                Problem::Timeout {
                    awaiting: Awaiting::Handshake,
                    limit_ms,
                    silent: false,
                },
            ),
            Failure::Closed => {
                if self.phase == Phase::Closing {
                    // The server closed after QUIT (or before its 221): nothing is lost.
                    self.close_quietly();
                    return;
                }
                (
                    Verdict::ConnectionLost,
                    Problem::Closed {
                        awaiting: self.pending.front().map(Answered::context),
                    },
                )
            }
        };
        if closing_decided {
            // The verdict is already decided; a late problem while saying goodbye changes nothing.
            self.note(Note::Problem(problem));
            self.close_quietly();
            return;
        }
        let implicit_handshake = self.phase == Phase::Idle
            && matches!(problem, Problem::Tls { .. } | Problem::Timeout { .. });
        if implicit_handshake {
            // Implicit TLS (RFC 8314 3.3) failed after the TCP connection was made: the connection
            // worked and TLS did not.
            self.set_stage(Stage::Connect, StageStatus::Passed, None, None);
            self.stage_problem(Stage::Tls, verdict, problem);
            self.out.push_back(Output::Close);
            self.emit_finished();
            return;
        }
        self.end_with_problem(verdict, problem);
    }

    /// Ends the session at once because of `problem`: the current stage fails (a cancel leaves
    /// it as it was), the note is shown, the connection closes.
    fn end_with_problem(&mut self, verdict: Verdict, problem: Problem) {
        let stage = self.current_stage();
        self.stage_problem(stage, verdict, problem);
        self.pending.clear();
        self.out.push_back(Output::Close);
        self.emit_finished();
    }

    /// `stage` failed because of `problem`, which decides the verdict (unless one is already
    /// decided): the stage, the note, the cause and the ending all say so.
    fn stage_problem(&mut self, stage: Stage, verdict: Verdict, problem: Problem) {
        if self.cause.is_none() {
            self.cause = Some(problem.cause());
        }
        if problem != Problem::Cancelled && stage != Stage::Quit {
            self.set_stage(
                stage,
                StageStatus::Failed,
                Some(StageDetail::Problem(problem.clone())),
                None,
            );
        }
        self.note(Note::Problem(problem.clone()));
        self.decide(verdict, stage, None, None, Ending::Problem { problem });
    }

    fn close_quietly(&mut self) {
        self.out.push_back(Output::Close);
        self.emit_finished();
    }

    fn current_stage(&self) -> Stage {
        if self.phase == Phase::Idle {
            return Stage::Connect;
        }
        if self.phase == Phase::Handshaking {
            return Stage::Tls;
        }
        self.pending.front().map_or(Stage::Quit, Answered::stage)
    }

    fn on_parse_error(&mut self, error: ReplyError) {
        self.end_with_problem(Verdict::ProtocolError, Problem::Reply { error });
    }

    /// Queues `answered` as awaiting its reply, and starts its clock if it is the first.
    fn expect(&mut self, answered: Answered) {
        self.pending.push_back(answered);
        if self.pending.len() == 1 {
            self.arm();
        }
    }

    fn on_reply(&mut self, reply: Reply) {
        let Some(answered) = self.pending.pop_front() else {
            self.note(Note::UnsolicitedReply);
            self.out.push_back(Output::Received {
                reply,
                answered: Answered::Unsolicited,
            });
            return;
        };
        self.arm();
        self.out.push_back(Output::Received {
            reply: reply.clone(),
            answered: answered.clone(),
        });
        if reply.has_bare_lf() {
            self.note(Note::BareLf);
        }
        match answered {
            Answered::Greeting => self.on_greeting(reply),
            Answered::Ehlo => self.on_ehlo(reply),
            Answered::Helo => self.on_helo(reply),
            Answered::Starttls => self.on_starttls(reply),
            Answered::Auth { .. } => self.on_auth(reply),
            Answered::Mail { .. } => self.on_mail(reply),
            Answered::Rcpt { index, .. } => self.on_rcpt(index, reply),
            Answered::Data => self.on_data(reply),
            Answered::EndOfData => self.on_end_of_data(reply),
            Answered::Bdat { last } => self.on_bdat(last, reply),
            Answered::Rset => self.on_rset(reply),
            Answered::Quit => self.on_quit(reply),
            // Never queued: replies without a command are handled above.
            Answered::Unsolicited => {}
        }
    }

    fn on_greeting(&mut self, reply: Reply) {
        if reply.code / 100 == 2 {
            self.set_stage(Stage::Greeting, StageStatus::Passed, None, Some(reply));
            if self.plan.stop_after == StopAfter::Greeting {
                self.stopped_as_asked(Stage::Greeting);
                self.quit();
            } else {
                self.send_ehlo();
            }
        } else {
            // RFC 5321 3.1: after a 554 greeting the client should send QUIT; after 421 the
            // server closes by itself.
            self.fail(Verdict::ServerRefused, reply, Answered::Greeting);
        }
    }

    fn send_ehlo(&mut self) {
        self.stage(Stage::Ehlo);
        let cmd = Command::Ehlo(self.helo_name.clone());
        if self.send(&cmd) {
            self.expect(Answered::Ehlo);
        }
    }

    fn on_ehlo(&mut self, reply: Reply) {
        if reply.code / 100 == 2 {
            let caps = Capabilities::from_ehlo(&reply);
            self.after_hello(caps, reply);
        } else if (reply.code == 500 || reply.code == 502) && !self.tls_done_by_starttls {
            // RFC 5321 3.2: a server that does not know EHLO gets HELO.
            self.note(Note::EhloRefusedTryingHelo { code: reply.code });
            let cmd = Command::Helo(self.helo_name.clone());
            if self.send(&cmd) {
                self.expect(Answered::Helo);
            }
        } else {
            self.fail(Verdict::ServerRefused, reply, Answered::Ehlo);
        }
    }

    fn on_helo(&mut self, reply: Reply) {
        if reply.code / 100 == 2 {
            self.after_hello(Capabilities::none(), reply);
        } else {
            self.fail(Verdict::ServerRefused, reply, Answered::Helo);
        }
    }

    fn after_hello(&mut self, caps: Capabilities, reply: Reply) {
        let first_time = !self.tls_done_by_starttls;
        self.caps = Some(caps.clone());
        if first_time || self.stage_status(Stage::Ehlo) != StageStatus::Passed {
            self.set_stage(Stage::Ehlo, StageStatus::Passed, None, Some(reply));
        }
        if first_time && self.plan.stop_after == StopAfter::Ehlo {
            self.stopped_as_asked(Stage::Ehlo);
            self.quit();
            return;
        }
        if first_time && !self.tls {
            match self.plan.security {
                Security::StartTlsRequired | Security::StartTlsIfOffered if caps.starttls() => {
                    self.stage(Stage::Tls);
                    if self.send(&Command::StartTls) {
                        self.expect(Answered::Starttls);
                    }
                    return;
                }
                Security::StartTlsRequired => {
                    self.stage_problem(Stage::Tls, Verdict::TlsFailed, Problem::StartTlsNotOffered);
                    self.quit();
                    return;
                }
                Security::StartTlsIfOffered => {
                    self.note(Note::StartTlsNotOfferedGoingOn);
                    self.overrides.push(Override::NoEncryption);
                    self.set_stage(
                        Stage::Tls,
                        StageStatus::Skipped,
                        Some(StageDetail::NotOffered),
                        None,
                    );
                }
                Security::None => {
                    if caps.starttls() {
                        self.note(Note::StartTlsOfferedNotUsed);
                    }
                    self.set_stage(
                        Stage::Tls,
                        StageStatus::Skipped,
                        Some(StageDetail::NotAsked),
                        None,
                    );
                }
                Security::ImplicitTls => {}
            }
        }
        if self.plan.stop_after == StopAfter::Tls {
            self.stopped_as_asked(Stage::Tls);
            self.quit();
            return;
        }
        self.start_auth();
    }

    fn on_starttls(&mut self, reply: Reply) {
        if reply.code == 220 {
            self.phase = Phase::Handshaking;
            self.arm();
            self.out.push_back(Output::StartTls);
            return;
        }
        if self.plan.security == Security::StartTlsIfOffered && reply.code / 100 == 4 {
            self.set_stage(
                Stage::Tls,
                StageStatus::Failed,
                Some(StageDetail::Refused),
                Some(reply.clone()),
            );
            self.note(Note::StartTlsRefusedGoingOn);
            self.overrides.push(Override::NoEncryption);
            if self.plan.stop_after == StopAfter::Tls {
                self.decide(
                    Verdict::TlsFailed,
                    Stage::Tls,
                    Some(reply),
                    Some(Answered::Starttls),
                    Ending::StartTlsRefused,
                );
                self.quit();
            } else {
                self.start_auth();
            }
            return;
        }
        self.fail(Verdict::TlsFailed, reply, Answered::Starttls);
    }

    fn start_auth(&mut self) {
        let Some(auth) = self.plan.auth.clone() else {
            self.set_stage(
                Stage::Auth,
                StageStatus::Skipped,
                Some(StageDetail::NotAsked),
                None,
            );
            self.after_auth();
            return;
        };
        self.stage(Stage::Auth);
        let offered = self
            .caps
            .as_ref()
            .map(Capabilities::auth_mechanisms)
            .unwrap_or_default();
        if let Some(forced) = auth.mechanism
            && !offered
                .iter()
                .any(|m| m.eq_ignore_ascii_case(forced.name()))
        {
            self.note(Note::MechanismNotOffered { mechanism: forced });
        }
        let mechanism = match choose_mechanism(&offered, auth.mechanism, auth.token, self.tls) {
            Ok(m) => m,
            Err(err) => {
                self.auth_error(err);
                return;
            }
        };
        self.begin_auth(mechanism);
    }

    /// Sends AUTH with `mechanism`.
    fn begin_auth(&mut self, mechanism: Mechanism) {
        let Some(auth) = self.plan.auth.clone() else {
            return;
        };
        self.auth_mechanism = Some(mechanism);
        self.tried.push(mechanism);
        match AuthExchange::new(mechanism, auth.credentials) {
            Ok(mut exchange) => {
                let line = exchange.start();
                self.auth = Some(exchange);
                self.auth_step = 0;
                self.send_auth_line(line.wire, line.logged, line.aside);
                self.expect(Answered::Auth { mechanism, step: 0 });
            }
            Err(err) => self.auth_error(err),
        }
    }

    fn auth_error(&mut self, error: AuthError) {
        self.stage_problem(Stage::Auth, Verdict::AuthFailed, Problem::Auth { error });
        self.quit();
    }

    fn on_auth(&mut self, reply: Reply) {
        let mechanism = self.auth_mechanism.unwrap_or(Mechanism::Plain);
        if reply.code == 334 {
            let challenge = reply
                .lines
                .first()
                .map(|l| l.text.trim().to_string())
                .unwrap_or_default();
            if mechanism.takes_token()
                && let Some(error) = token_error(&challenge)
            {
                self.token_refused = true;
                self.note(Note::TokenRefused { error });
            }
            let answer = match self.auth.as_mut() {
                Some(exchange) => exchange.respond(&challenge),
                None => Err(AuthError::UnexpectedChallenge {
                    step: self.auth_step as usize,
                }),
            };
            self.auth_step += 1;
            let next = Answered::Auth {
                mechanism,
                step: self.auth_step,
            };
            match answer {
                Ok(line) => {
                    self.send_auth_line(line.wire, line.logged, line.aside);
                    self.expect(next);
                }
                Err(error) => {
                    // RFC 4954 4: "*" cancels the exchange; the server answers 501.
                    let problem = Problem::Auth { error };
                    self.note(Note::Problem(problem.clone()));
                    self.send_auth_line(b"*\r\n".to_vec(), b"*\r\n".to_vec(), None);
                    self.expect(next);
                    self.auth = None;
                    self.set_stage(
                        Stage::Auth,
                        StageStatus::Failed,
                        Some(StageDetail::Problem(problem)),
                        None,
                    );
                }
            }
            return;
        }
        self.auth = None;
        let answered = Answered::Auth {
            mechanism,
            step: self.auth_step,
        };
        if reply.code / 100 == 2 && self.stage_status(Stage::Auth) != StageStatus::Failed {
            self.set_stage(Stage::Auth, StageStatus::Passed, None, Some(reply));
            self.after_auth();
        } else if let Some(next) = self.next_mechanism(&reply) {
            // RFC 4954 4: after a failed AUTH the client may try another mechanism. The one that
            // failed was our choice, not the user's: a server whose CRAM-MD5 cannot succeed
            // (no plain-text password stored) still takes PLAIN with the same password.
            self.note(Note::TryingNextMechanism {
                failed: mechanism,
                next,
                encrypted: self.tls,
            });
            self.set_stage(Stage::Auth, StageStatus::Skipped, None, Some(reply));
            self.begin_auth(next);
        } else {
            self.fail(Verdict::AuthFailed, reply, answered);
        }
    }

    /// The mechanism to try after `reply` refused the one just used: another offered one that
    /// fits the secret, when the mechanism was not forced by the user and the refusal is about
    /// the credentials or the mechanism (535, 534, 504; RFC 4954 6).
    fn next_mechanism(&self, reply: &Reply) -> Option<Mechanism> {
        let auth = self.plan.auth.as_ref()?;
        // A mechanism the server does not take (504) is worth replacing whatever it was. A refused
        // login is only when the mechanism itself can be why: a challenge-response one needs a
        // password the server may not store in clear. PLAIN and LOGIN send the password as it is,
        // so their refusal is the password's, and more tries only add failed logins (and may
        // lock the account).
        let challenge_response = matches!(self.auth_mechanism, Some(Mechanism::CramMd5));
        let worth_another =
            reply.code == 504 || (matches!(reply.code, 535 | 534) && challenge_response);
        if auth.mechanism.is_some() || !worth_another || self.token_refused {
            return None;
        }
        let offered: Vec<String> = self
            .caps
            .as_ref()
            .map(Capabilities::auth_mechanisms)
            .unwrap_or_default()
            .into_iter()
            .filter(|o| !self.tried.iter().any(|t| t.name().eq_ignore_ascii_case(o)))
            .collect();
        choose_mechanism(&offered, None, auth.token, self.tls).ok()
    }

    fn after_auth(&mut self) {
        if self.plan.stop_after == StopAfter::Auth {
            self.stopped_as_asked(Stage::Auth);
            self.quit();
            return;
        }
        self.start_transaction();
    }

    fn start_transaction(&mut self) {
        let caps = self.caps.clone().unwrap_or_default();
        let ext = self.plan.extensions.clone();
        self.smtputf8 = ext.smtputf8 && caps.smtputf8();
        if ext.smtputf8 && !caps.smtputf8() {
            self.note(Note::SmtpUtf8NotOffered);
        }
        let sending = self.plan.stop_after == StopAfter::Send;
        let message = if sending {
            self.plan.message.clone()
        } else {
            None
        };
        let mut params: Vec<(String, Option<String>)> = Vec::new();
        if let Some(msg) = &message {
            if ext.size && caps.has("SIZE") {
                // RFC 1870 4: declare the size so the server can refuse early.
                params.push((String::from("SIZE"), Some(msg.len().to_string())));
                self.declared_size = Some(msg.len());
            }
            if let Some(limit) = caps.size_limit()
                && msg.len() as u64 > limit
            {
                self.note(Note::MessageTooLarge {
                    size: msg.len(),
                    limit,
                });
            }
            if !msg.is_ascii() {
                if ext.eight_bit_mime && caps.eight_bit_mime() {
                    params.push((String::from("BODY"), Some(String::from("8BITMIME"))));
                } else {
                    self.note(Note::EightBitWithoutMime);
                }
            }
        }
        if self.smtputf8 {
            params.push((String::from("SMTPUTF8"), None));
        }
        let dsn = ext.dsn.clone().filter(|_| caps.dsn());
        if ext.dsn.is_some() && dsn.is_none() {
            self.note(Note::DsnNotOffered);
        }
        if let Some(d) = &dsn {
            if let Some(ret) = &d.ret {
                params.push((String::from("RET"), Some(ret.clone())));
            }
            if let Some(envid) = &d.envid {
                params.push((String::from("ENVID"), Some(command::xtext_encode(envid))));
            }
        }
        self.pipelined =
            ext.pipelining && caps.pipelining() && self.plan.stop_after >= StopAfter::Rcpt;
        self.chunking = sending && ext.chunking && caps.chunking();
        if ext.chunking && sending && !caps.chunking() {
            self.note(Note::ChunkingNotOffered);
        }
        self.stage(Stage::Mail);
        let mut wire = Vec::new();
        let mut log = Vec::new();
        let mail = Command::MailFrom {
            reverse_path: self.envelope_address(&self.plan.mail_from.clone()),
            params,
        };
        if !self.encode_into(&mail, &mut wire, &mut log) {
            return;
        }
        self.expect(Answered::Mail {
            address: self.plan.mail_from.clone(),
        });
        if self.pipelined && self.plan.stop_after >= StopAfter::Rcpt {
            // RFC 2920 3.1: MAIL, the RCPTs and DATA may go as one group; DATA ends the group.
            for i in 0..self.plan.rcpt_to.len() {
                let rcpt = self.rcpt_command(i, dsn.as_ref());
                if !self.encode_into(&rcpt, &mut wire, &mut log) {
                    return;
                }
                self.expect(self.rcpt_answered(i));
            }
            if sending && !self.chunking {
                if !self.encode_into(&Command::Data, &mut wire, &mut log) {
                    return;
                }
                self.expect(Answered::Data);
            }
            self.note(Note::Pipelining);
        }
        self.out.push_back(Output::Send { wire, log });
    }

    fn rcpt_answered(&self, index: usize) -> Answered {
        Answered::Rcpt {
            address: self.plan.rcpt_to.get(index).cloned().unwrap_or_default(),
            index,
        }
    }

    /// The address as it goes into the envelope: without SMTPUTF8 an internationalised domain is
    /// sent in its ASCII (A-label) form, and the transcript says so once per address.
    fn envelope_address(&mut self, address: &str) -> String {
        if self.smtputf8 {
            return address.to_string();
        }
        let ascii = command::ascii_form(address);
        if ascii != address {
            self.note(Note::AsciiDomain {
                address: address.to_string(),
                ascii: ascii.to_string(),
            });
        }
        ascii.into_owned()
    }

    fn rcpt_command(&mut self, i: usize, dsn: Option<&DsnOptions>) -> Command {
        let address = self.plan.rcpt_to.get(i).cloned().unwrap_or_default();
        let address = self.envelope_address(&address);
        let mut params = Vec::new();
        if let Some(d) = dsn {
            if !d.notify.is_empty() {
                params.push((String::from("NOTIFY"), Some(d.notify.join(","))));
            }
            if d.orcpt {
                params.push((
                    String::from("ORCPT"),
                    Some(format!("rfc822;{}", command::xtext_encode(&address))),
                ));
            }
        }
        Command::RcptTo {
            forward_path: address,
            params,
        }
    }

    fn on_mail(&mut self, reply: Reply) {
        if reply.code / 100 == 2 {
            self.set_stage(Stage::Mail, StageStatus::Passed, None, Some(reply));
            if self.plan.stop_after == StopAfter::Mail {
                // With pipelining the RCPTs are already out; their replies are shown as they come.
                self.stopped_as_asked(Stage::Mail);
                self.quit();
                return;
            }
            self.stage(Stage::Rcpt);
            if !self.pipelined {
                self.send_rcpt(0);
            }
        } else {
            let answered = Answered::Mail {
                address: self.plan.mail_from.clone(),
            };
            // RFC 1870 6.1: 552 (or X.3.4) to a MAIL that declared SIZE: the message is too
            // large, whoever the sender is.
            let (verdict, ending) = match self.declared_size {
                Some(size) if too_large(&reply) => (
                    Verdict::MessageRejected,
                    Ending::MessageTooLarge {
                        size,
                        limit: self.caps.as_ref().and_then(Capabilities::size_limit),
                    },
                ),
                // RFC 5321 3.8: a 421 closes the session; it says nothing of the sender.
                _ if reply.code == 421 => (
                    Verdict::ServerRefused,
                    Ending::Refused {
                        answered: answered.clone(),
                    },
                ),
                _ => (
                    Verdict::SenderRejected,
                    Ending::Refused {
                        answered: answered.clone(),
                    },
                ),
            };
            self.set_stage(Stage::Mail, StageStatus::Failed, None, Some(reply.clone()));
            self.decide(verdict, Stage::Mail, Some(reply), Some(answered), ending);
            if !self.pipelined {
                self.quit();
            }
            // Pipelined: the RCPT and DATA replies are still due; QUIT goes after them.
        }
    }

    fn send_rcpt(&mut self, i: usize) {
        let dsn = self
            .plan
            .extensions
            .dsn
            .clone()
            .filter(|_| self.caps.as_ref().is_some_and(Capabilities::dsn));
        let cmd = self.rcpt_command(i, dsn.as_ref());
        if self.send(&cmd) {
            self.expect(self.rcpt_answered(i));
        }
    }

    /// True once MAIL was refused: the pipelined replies after it in the same group only follow
    /// from that refusal (RFC 2920 3.1).
    fn after_refused_mail(&self) -> bool {
        self.pipelined && self.stage_status(Stage::Mail) == StageStatus::Failed
    }

    fn on_rcpt(&mut self, i: usize, reply: Reply) {
        if self.after_refused_mail() {
            // Not a verdict on the recipient: it was never really tried.
            self.note(Note::FollowsRefusedMail);
            if i + 1 == self.plan.rcpt_to.len() && !self.pending.contains(&Answered::Data) {
                self.quit();
            }
            return;
        }
        let accepted = reply.code / 100 == 2;
        if let Some(r) = self.recipients.get_mut(i) {
            r.accepted = accepted;
            r.reply = Some(reply.clone());
        }
        if reply.code == 421 && self.decision.is_none() {
            // RFC 5321 3.8: the server is closing the session. This reply decides; the
            // recipients after it are not tried, and no reply to them will come.
            let accepted_count = self.recipients.iter().filter(|r| r.accepted).count();
            let total = self.recipients.len();
            let verdict = if accepted_count == 0 {
                Verdict::AllRecipientsRejected
            } else {
                Verdict::SomeRecipientsRejected
            };
            let answered = self.rcpt_answered(i);
            self.set_stage(
                Stage::Rcpt,
                StageStatus::Failed,
                Some(StageDetail::Recipients {
                    accepted: accepted_count,
                    total,
                }),
                Some(reply.clone()),
            );
            self.decide(
                verdict,
                Stage::Rcpt,
                Some(reply),
                Some(answered.clone()),
                Ending::ServiceClosing { answered },
            );
            self.pending.clear();
            self.deadline = None;
            self.phase = Phase::Closing;
            self.out.push_back(Output::Close);
            self.emit_finished();
            return;
        }
        if i + 1 < self.plan.rcpt_to.len() {
            if !self.pipelined && self.decision.is_none() {
                self.send_rcpt(i + 1);
            }
            return;
        }
        // The last recipient's reply: decide.
        let accepted_count = self.recipients.iter().filter(|r| r.accepted).count();
        let total = self.recipients.len();
        let last_refusal = self.last_refusal();
        let detail = Some(StageDetail::Recipients {
            accepted: accepted_count,
            total,
        });
        if self.decision.is_some() {
            // The sender was refused (pipelined): these replies are shown, nothing more is sent.
            let status = if accepted_count == 0 {
                StageStatus::Failed
            } else {
                StageStatus::Passed
            };
            self.set_stage(Stage::Rcpt, status, detail, None);
            if !self.pending.contains(&Answered::Data) {
                self.quit();
            }
            return;
        }
        if accepted_count == 0 {
            let (reply, answered) = last_refusal.unzip();
            self.set_stage(Stage::Rcpt, StageStatus::Failed, detail, reply.clone());
            self.decide(
                Verdict::AllRecipientsRejected,
                Stage::Rcpt,
                reply,
                answered.clone(),
                Ending::Refused {
                    answered: answered.unwrap_or_else(|| self.rcpt_answered(i)),
                },
            );
            if !self.pending.contains(&Answered::Data) {
                self.quit();
            }
            return;
        }
        let partial = accepted_count < total;
        let status = if partial {
            StageStatus::Partial
        } else {
            StageStatus::Passed
        };
        self.set_stage(Stage::Rcpt, status, detail, None);
        if self.plan.stop_after != StopAfter::Send {
            let ending = Ending::RecipientsTested {
                accepted: accepted_count,
                total,
            };
            if partial {
                let (reply, answered) = last_refusal.unzip();
                self.decide(
                    Verdict::SomeRecipientsRejected,
                    Stage::Rcpt,
                    reply,
                    answered,
                    ending,
                );
            } else {
                self.decide(Verdict::Success, Stage::Rcpt, None, None, ending);
            }
            self.quit();
            return;
        }
        self.stage(Stage::Data);
        if self.pipelined && !self.chunking {
            return; // DATA went with the group; its reply comes next.
        }
        if self.chunking {
            self.start_bdat();
        } else if self.send(&Command::Data) {
            self.expect(Answered::Data);
        }
    }

    /// The last refused recipient's reply and what it answered.
    fn last_refusal(&self) -> Option<(Reply, Answered)> {
        self.recipients
            .iter()
            .enumerate()
            .rev()
            .find(|(_, r)| !r.accepted && r.reply.is_some())
            .and_then(|(i, r)| r.reply.clone().map(|reply| (reply, self.rcpt_answered(i))))
    }

    /// Sends the "." that ends DATA without a message, so the server drops the transaction.
    fn send_empty_data(&mut self) {
        self.out.push_back(Output::Send {
            wire: b".\r\n".to_vec(),
            log: vec![SentLine::of(b".\r\n".to_vec())],
        });
        self.expect(Answered::EndOfData);
    }

    fn on_data(&mut self, reply: Reply) {
        if reply.code == 354 {
            let any_accepted = self.recipients.iter().any(|r| r.accepted);
            if self.decision.is_some() || !any_accepted {
                // RFC 2920 3.1: DATA was pipelined but nobody can receive the message; end the
                // data at once with an empty body so the server discards the transaction.
                self.note(Note::NoRecipientEndingData);
                self.send_empty_data();
                return;
            }
            let encoded = match &self.data_wire {
                Some(wire) => Ok(wire.clone()),
                None => command::encode_data(self.plan.message.as_deref().unwrap_or_default()),
            };
            match encoded {
                Ok(mut wire) => {
                    if self.data_wire.is_none() {
                        self.data_wire = Some(wire.clone());
                    }
                    if let Some(serial) = &self.plan.serial {
                        serial.stamp(&mut wire);
                    }
                    let log = self.data_log(&wire);
                    self.out.push_back(Output::Send { wire, log });
                    self.expect(Answered::EndOfData);
                }
                Err(error) => {
                    self.stage_problem(Stage::Data, Verdict::InvalidInput, Problem::Data { error });
                    // The server waits for the data; an empty one ends the transaction cleanly.
                    self.send_empty_data();
                }
            }
            return;
        }
        if self.decision.is_some() {
            if self.after_refused_mail() {
                self.note(Note::FollowsRefusedMail);
            }
            self.quit();
            return;
        }
        self.fail(Verdict::MessageRejected, reply, Answered::Data);
    }

    fn on_end_of_data(&mut self, reply: Reply) {
        if self.decision.is_some() {
            self.quit();
            return;
        }
        if reply.code / 100 == 2 {
            self.message_accepted(reply, Answered::EndOfData);
        } else {
            self.fail_message(reply, Answered::EndOfData);
        }
    }

    fn message_accepted(&mut self, reply: Reply, answered: Answered) {
        self.set_stage(Stage::Data, StageStatus::Passed, None, Some(reply.clone()));
        let total = self.recipients.len();
        let accepted = self.recipients.iter().filter(|r| r.accepted).count();
        let ending = Ending::MessageAccepted {
            accepted,
            total,
            queue_id: reply.queue_id(),
        };
        if accepted < total {
            let (refusal, refused) = self.last_refusal().unzip();
            self.decide(
                Verdict::SomeRecipientsRejected,
                Stage::Rcpt,
                refusal,
                refused,
                ending,
            );
        } else {
            self.decide(
                Verdict::Success,
                Stage::Data,
                Some(reply),
                Some(answered),
                ending,
            );
        }
        self.quit();
    }

    fn start_bdat(&mut self) {
        let mut message = self.plan.message.as_deref().unwrap_or_default().to_vec();
        if let Some(serial) = &self.plan.serial {
            serial.stamp(&mut message);
        }
        // RFC 3030 2: no dot-stuffing, CRLF line endings; 64 KiB chunks keep each write small.
        self.bdat_queue = command::bdat_chunks(&message, 64 * 1024).into();
        self.send_next_bdat();
    }

    fn send_next_bdat(&mut self) {
        let Some((cmd, chunk)) = self.bdat_queue.pop_front() else {
            return;
        };
        let last = matches!(cmd, Command::Bdat { last: true, .. });
        let mut wire = Vec::new();
        let mut log = Vec::new();
        if !self.encode_into(&cmd, &mut wire, &mut log) {
            return;
        }
        log.extend(self.data_log(&chunk));
        wire.extend_from_slice(&chunk);
        self.out.push_back(Output::Send { wire, log });
        self.expect(Answered::Bdat { last });
    }

    fn on_bdat(&mut self, last: bool, reply: Reply) {
        if reply.code / 100 != 2 {
            self.bdat_queue.clear();
            self.fail_message(reply, Answered::Bdat { last });
            return;
        }
        if last {
            self.message_accepted(reply, Answered::Bdat { last });
        } else {
            self.send_next_bdat();
        }
    }

    /// Where a transaction ended and the plan has more to send on this connection: reports it,
    /// forgets it and starts the next one (after RSET unless the message was accepted); true if
    /// it did. A session ended by a problem (not a reply), or by 421, does not go on.
    fn next_transaction(&mut self) -> bool {
        let more = self.plan.stop_after == StopAfter::Send
            && self.transactions_done.saturating_add(1) < self.plan.transactions
            && self.phase == Phase::Talking
            && self.pending.is_empty();
        let Some(decision) = self.decision.clone().filter(|_| more) else {
            return false;
        };
        let in_transaction = matches!(decision.stage, Stage::Mail | Stage::Rcpt | Stage::Data);
        if !in_transaction
            || matches!(decision.ending, Ending::Problem { .. })
            || decision.reply.as_ref().is_some_and(|r| r.code == 421)
        {
            return false;
        }
        let accepted = matches!(decision.ending, Ending::MessageAccepted { .. });
        let outcome = self.outcome_of(decision);
        self.out
            .push_back(Output::TransactionDone(Box::new(outcome)));
        self.transactions_done += 1;
        self.decision = None;
        self.cause = None;
        self.declared_size = None;
        self.bdat_queue.clear();
        for r in &mut self.recipients {
            r.accepted = false;
            r.reply = None;
        }
        for stage in [Stage::Mail, Stage::Rcpt, Stage::Data] {
            self.set_stage(
                stage,
                StageStatus::Skipped,
                Some(StageDetail::NotReached),
                None,
            );
            if let Some(s) = self.stages.iter_mut().find(|s| s.stage == stage) {
                s.reply = None;
            }
        }
        if accepted {
            // RFC 5321 4.1.1.4: the end of data ends the transaction; the next MAIL may follow.
            self.start_transaction();
        } else if self.send(&Command::Rset) {
            // RFC 5321 4.1.1.5: RSET clears whatever the refused transaction left behind.
            self.expect(Answered::Rset);
        }
        true
    }

    fn on_rset(&mut self, reply: Reply) {
        if reply.code / 100 == 2 {
            self.start_transaction();
        } else {
            self.fail(Verdict::ServerRefused, reply, Answered::Rset);
        }
    }

    fn on_quit(&mut self, reply: Reply) {
        let status = if reply.code == 221 {
            StageStatus::Passed
        } else {
            StageStatus::Failed
        };
        self.set_stage(Stage::Quit, status, None, Some(reply));
        self.out.push_back(Output::Close);
        self.emit_finished();
    }

    /// Lines of the message as they go into the transcript; a very long message is shown with its
    /// middle summarised (the bytes on the wire are always complete).
    fn data_log(&self, wire: &[u8]) -> Vec<SentLine> {
        if !self.plan.transcript {
            return Vec::new();
        }
        let lines: Vec<&[u8]> = wire.split_inclusive(|&b| b == b'\n').collect();
        let max = self.plan.max_logged_data_lines.max(2);
        let to_line = |raw: &[u8]| SentLine::of(self.redacted(raw));
        if lines.len() <= max {
            return lines.iter().map(|l| to_line(l)).collect();
        }
        let head = max * 3 / 4;
        let tail = max - head;
        let skipped = &lines[head..lines.len() - tail];
        let skipped_bytes: usize = skipped.iter().map(|l| l.len()).sum();
        let mut out: Vec<SentLine> = lines[..head].iter().map(|l| to_line(l)).collect();
        out.push(SentLine {
            raw: Vec::new(),
            text: String::new(),
            elided: Some(Elided {
                lines: skipped.len(),
                bytes: skipped_bytes,
            }),
            aside: None,
        });
        out.extend(lines[lines.len() - tail..].iter().map(|l| to_line(l)));
        out
    }

    fn redacted(&self, raw: &[u8]) -> Vec<u8> {
        match &self.plan.auth {
            Some(auth) => redact(raw, &auth.credentials),
            None => raw.to_vec(),
        }
    }

    /// Encodes `cmd` and appends it to a group being built. On failure the session ends.
    fn encode_into(&mut self, cmd: &Command, wire: &mut Vec<u8>, log: &mut Vec<SentLine>) -> bool {
        match cmd.encode(self.smtputf8) {
            Ok(bytes) => {
                if self.plan.transcript {
                    log.push(SentLine::of(self.redacted(&bytes)));
                }
                wire.extend_from_slice(&bytes);
                true
            }
            Err(error) => {
                let stage = match cmd {
                    Command::Ehlo(_) | Command::Helo(_) => Stage::Ehlo,
                    Command::MailFrom { .. } => Stage::Mail,
                    Command::RcptTo { .. } => Stage::Rcpt,
                    _ => self.current_stage(),
                };
                let problem = Problem::Command {
                    verb: cmd.verb().to_string(),
                    error,
                };
                self.stage_problem(stage, Verdict::InvalidInput, problem);
                if !wire.is_empty() {
                    // Part of a group was built but nothing sent yet: drop it all.
                    wire.clear();
                    log.clear();
                    self.pending.clear();
                }
                self.quit();
                false
            }
        }
    }

    /// Encodes and sends one command; false (and the session ends) if it cannot be encoded.
    fn send(&mut self, cmd: &Command) -> bool {
        let mut wire = Vec::new();
        let mut log = Vec::new();
        if !self.encode_into(cmd, &mut wire, &mut log) {
            return false;
        }
        self.out.push_back(Output::Send { wire, log });
        true
    }

    fn send_auth_line(&mut self, wire: Vec<u8>, logged: Vec<u8>, aside: Option<AuthAside>) {
        let mut line = SentLine::of(self.redacted(&logged));
        line.aside = aside;
        self.out.push_back(Output::Send {
            wire,
            log: vec![line],
        });
    }

    fn quit(&mut self) {
        if self.phase == Phase::Closing || self.phase == Phase::Done {
            return;
        }
        if self.next_transaction() {
            return;
        }
        self.phase = Phase::Closing;
        let wire = b"QUIT\r\n".to_vec();
        self.out.push_back(Output::Send {
            log: vec![SentLine::of(wire.clone())],
            wire,
        });
        self.expect(Answered::Quit);
    }

    /// A negative reply to `answered` ends the session.
    fn fail(&mut self, verdict: Verdict, reply: Reply, answered: Answered) {
        let ending = Ending::Refused {
            answered: answered.clone(),
        };
        self.fail_with(verdict, reply, answered, ending);
    }

    /// The message was refused after its data (or a chunk of it): by its size when the reply
    /// says so (552, or X.3.4; RFC 5321 4.2.3, RFC 3463 3.5), whether or not SIZE was announced.
    fn fail_message(&mut self, reply: Reply, answered: Answered) {
        if too_large(&reply) {
            let size = self.plan.message.as_ref().map_or(0, |m| m.len());
            let limit = self.caps.as_ref().and_then(Capabilities::size_limit);
            self.fail_with(
                Verdict::MessageRejected,
                reply,
                answered,
                Ending::MessageTooLarge { size, limit },
            );
        } else {
            self.fail(Verdict::MessageRejected, reply, answered);
        }
    }

    fn fail_with(&mut self, verdict: Verdict, reply: Reply, answered: Answered, ending: Ending) {
        let closing = reply.code == 421;
        // RFC 5321 3.8: a 421 closes the whole session, whatever command it answers; it is
        // not a verdict on the sender or on the message.
        let verdict = match verdict {
            Verdict::SenderRejected | Verdict::MessageRejected if closing => Verdict::ServerRefused,
            v => v,
        };
        let stage = answered.stage();
        self.set_stage(stage, StageStatus::Failed, None, Some(reply.clone()));
        self.decide(verdict, stage, Some(reply), Some(answered.clone()), ending);
        if closing {
            // RFC 5321 3.8: after 421 the server closes the channel; nothing more is sent.
            self.pending.clear();
            self.deadline = None;
            self.phase = Phase::Closing;
            self.out.push_back(Output::Close);
            self.emit_finished();
        } else {
            self.quit();
        }
    }

    /// The session stopped where the user asked, everything so far accepted.
    fn stopped_as_asked(&mut self, stage: Stage) {
        let after = match stage {
            Stage::Connect => StopAfter::Connect,
            Stage::Greeting => StopAfter::Greeting,
            Stage::Ehlo => StopAfter::Ehlo,
            Stage::Tls => StopAfter::Tls,
            Stage::Auth => StopAfter::Auth,
            Stage::Mail => StopAfter::Mail,
            Stage::Rcpt => StopAfter::Rcpt,
            Stage::Data | Stage::Quit => StopAfter::Send,
        };
        self.decide(
            Verdict::Success,
            stage,
            None,
            None,
            Ending::StoppedAsAsked { after },
        );
    }

    /// Records the verdict; the first decision stands.
    fn decide(
        &mut self,
        verdict: Verdict,
        stage: Stage,
        reply: Option<Reply>,
        answered: Option<Answered>,
        ending: Ending,
    ) {
        if self.decision.is_none() {
            self.decision = Some(Decision {
                verdict,
                stage,
                reply,
                answered,
                ending,
            });
        }
    }

    fn emit_finished(&mut self) {
        if self.phase == Phase::Done {
            return;
        }
        self.phase = Phase::Done;
        self.deadline = None;
        let decision = self.decision.clone().unwrap_or_else(|| Decision {
            verdict: Verdict::ConnectionLost,
            stage: self.current_stage(),
            reply: None,
            answered: None,
            ending: Ending::Problem {
                problem: Problem::NoResult,
            },
        });
        // One owner of the cause: a reply-decided verdict is explained by its reply.
        let outcome = self.outcome_of(decision);
        self.finished = Some(outcome.clone());
        self.out.push_back(Output::Finished(Box::new(outcome)));
    }

    /// The outcome `decision` gives with what the session knows now.
    fn outcome_of(&self, decision: Decision) -> Outcome {
        // One owner of the cause: a reply-decided verdict is explained by its reply.
        let cause = if decision.reply.is_some() || decision.verdict.is_success() {
            None
        } else {
            self.cause.or(Some(Cause::ConnectionReset))
        };
        Outcome {
            verdict: decision.verdict,
            ending: decision.ending,
            deciding_stage: decision.stage,
            deciding_reply: decision.reply,
            deciding_answered: decision.answered,
            stages: self.stages.clone(),
            recipients: self.recipients.clone(),
            capabilities: self.caps.clone(),
            tls: self.tls,
            auth_mechanism: self.auth_mechanism,
            auth_tried: self.tried.clone(),
            overrides: self.overrides.clone(),
            message_size: self
                .plan
                .message
                .as_ref()
                .map(|m| m.len())
                .filter(|_| self.plan.stop_after == StopAfter::Send),
            used_pipelining: self.pipelined,
            used_chunking: self.chunking,
            cause,
        }
    }

    fn stage(&mut self, stage: Stage) {
        self.out.push_back(Output::StageChanged(stage));
    }

    fn stage_status(&self, stage: Stage) -> StageStatus {
        self.stages
            .iter()
            .find(|s| s.stage == stage)
            .map_or(StageStatus::Skipped, |s| s.status)
    }

    fn set_stage(
        &mut self,
        stage: Stage,
        status: StageStatus,
        detail: Option<StageDetail>,
        reply: Option<Reply>,
    ) {
        if let Some(s) = self.stages.iter_mut().find(|s| s.stage == stage) {
            s.status = status;
            s.detail = detail;
            if reply.is_some() {
                s.reply = reply;
            }
        }
    }

    fn note(&mut self, note: Note) {
        self.out.push_back(Output::Note(note));
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;

/// A refusal because of the message's size. The enhanced code decides when there is one: X.3.4
/// "message too big for system" or X.2.3 "message length exceeds administrative limit" (RFC 3463
/// 3.5, 3.3); 552 with X.2.2 is a full mailbox. Without one, 552 is the size refusal of RFC 1870
/// 6.1.
fn too_large(reply: &Reply) -> bool {
    match reply.enhanced {
        Some(e) => e.subject == 3 && e.detail == 4 || e.subject == 2 && e.detail == 3,
        None => reply.code == 552,
    }
}
