//! The live-reload channel: Server-Sent Events pushed to every open page.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

/// Open event streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// A new listener.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    /// Sends an event to every listener still open.
    pub fn send(&self, event: &str, data: &str) {
        let msg = format_event(event, data);
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|c| c.send(msg.clone()).is_ok());
    }
}

/// One Server-Sent Event; `data` must be a single line.
pub fn format_event(event: &str, data: &str) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}
