//! The window's messages as a list with times, not one line that the next remark overwrites:
//! remarks (info) come and go, warnings and errors stay until the user dismisses them. Plain
//! data, no egui and no words of its own (the texts come from `present` and the catalogue).

/// How much a message matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// A remark: what just happened. The newest one is shown until the next.
    Info,
    /// Something the user should know (a file kept aside, no keychain): stays until dismissed.
    Warning,
    /// Something failed: stays until dismissed.
    Error,
}

/// One message with the time it was said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// A number unique in this run, in the order messages were said.
    pub id: u64,
    /// When it was said, as `14:57:17` (UTC, the transcript's clock).
    pub time: String,
    /// What is said.
    pub text: String,
    /// How much it matters.
    pub level: Level,
    /// Set when the user dismissed it (it stays in the log).
    pub dismissed: bool,
    /// What it is about, when a later event settles it (see `Topic`).
    pub topic: Option<Topic>,
}

/// What a message is about, when something later makes it old news: a newer message on the
/// same topic, or the thing it complained of going right, settles it (it leaves the screen
/// and stays in the log), so errors do not pile up after they are fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Why a session could not start (a field's problem, no profile, busy): settled by the
    /// next attempt to start one.
    Start,
}

impl Message {
    /// Whether it stays on screen until dismissed.
    pub fn sticky(&self) -> bool {
        self.level >= Level::Warning
    }
}

/// Every message of this run, oldest first (at most `LIMIT`; the oldest go first).
#[derive(Debug, Clone, Default)]
pub struct Messages {
    list: Vec<Message>,
    next: u64,
}

impl Messages {
    /// How many messages the log keeps.
    pub const LIMIT: usize = 500;

    /// Adds a message said at `time`; returns its id.
    pub fn push(&mut self, time: String, text: String, level: Level) -> u64 {
        self.push_about(None, time, text, level)
    }

    /// Adds a message about `topic` (settling the earlier ones on it); returns its id.
    pub fn push_about(
        &mut self,
        topic: Option<Topic>,
        time: String,
        text: String,
        level: Level,
    ) -> u64 {
        if let Some(t) = topic {
            self.settle(t);
        }
        let id = self.next;
        self.next += 1;
        self.list.push(Message {
            id,
            time,
            text,
            level,
            dismissed: false,
            topic,
        });
        if self.list.len() > Self::LIMIT {
            // Drop the oldest message that is not waiting to be dismissed, else the oldest.
            let i = self
                .list
                .iter()
                .position(|m| !m.sticky() || m.dismissed)
                .unwrap_or(0);
            self.list.remove(i);
        }
        id
    }

    /// Every message, oldest first.
    pub fn all(&self) -> &[Message] {
        &self.list
    }

    /// The warnings and errors not dismissed yet, oldest first.
    pub fn waiting(&self) -> impl Iterator<Item = &Message> {
        self.list.iter().filter(|m| m.sticky() && !m.dismissed)
    }

    /// The newest remark, if it is newer than every message waiting to be dismissed.
    pub fn latest_remark(&self) -> Option<&Message> {
        self.list.last().filter(|m| !m.sticky())
    }

    /// The newest message of any level.
    pub fn latest(&self) -> Option<&Message> {
        self.list.last()
    }

    /// Dismisses message `id`.
    pub fn dismiss(&mut self, id: u64) {
        if let Some(m) = self.list.iter_mut().find(|m| m.id == id) {
            m.dismissed = true;
        }
    }

    /// Takes the messages about `topic` off the screen (they stay in the log).
    pub fn settle(&mut self, topic: Topic) {
        for m in self.list.iter_mut().filter(|m| m.topic == Some(topic)) {
            m.dismissed = true;
        }
    }

    /// Dismisses every waiting message.
    pub fn dismiss_all(&mut self) {
        for m in &mut self.list {
            m.dismissed = true;
        }
    }

    /// Whether any message (waiting or not) contains `text`.
    pub fn any_contains(&self, text: &str) -> bool {
        self.list.iter().any(|m| m.text.contains(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_stays_when_remarks_follow_until_it_is_dismissed() {
        let mut m = Messages::default();
        let w = m.push(
            String::from("10:00:00"),
            String::from("file kept aside"),
            Level::Warning,
        );
        m.push(
            String::from("10:00:01"),
            String::from("no keychain"),
            Level::Info,
        );
        m.push(String::from("10:00:02"), String::from("saved"), Level::Info);
        let waiting: Vec<_> = m.waiting().map(|x| x.text.as_str()).collect();
        assert_eq!(waiting, ["file kept aside"]);
        assert_eq!(m.latest_remark().map(|x| x.text.as_str()), Some("saved"));
        m.dismiss(w);
        assert_eq!(m.waiting().count(), 0);
        assert_eq!(m.all().len(), 3, "a dismissed message stays in the log");
    }

    #[test]
    fn a_newer_message_on_a_topic_or_its_settling_takes_the_older_off_the_screen() {
        let mut m = Messages::default();
        m.push(String::new(), String::from("no keychain"), Level::Warning);
        let t = Some(Topic::Start);
        m.push_about(
            t,
            String::new(),
            String::from("enter the sender"),
            Level::Error,
        );
        m.push_about(
            t,
            String::new(),
            String::from("enter the user"),
            Level::Error,
        );
        let waiting: Vec<_> = m.waiting().map(|x| x.text.as_str()).collect();
        assert_eq!(waiting, ["no keychain", "enter the user"]);
        m.settle(Topic::Start);
        let waiting: Vec<_> = m.waiting().map(|x| x.text.as_str()).collect();
        assert_eq!(waiting, ["no keychain"], "the warning on no topic stays");
        assert_eq!(m.all().len(), 3, "settled messages stay in the log");
    }

    #[test]
    fn the_log_is_bounded_and_keeps_what_waits_to_be_dismissed() {
        let mut m = Messages::default();
        m.push(String::new(), String::from("the error"), Level::Error);
        for i in 0..(Messages::LIMIT * 2) {
            m.push(String::new(), format!("remark {i}"), Level::Info);
        }
        assert_eq!(m.all().len(), Messages::LIMIT);
        assert_eq!(m.waiting().count(), 1, "the error is still there");
    }
}
