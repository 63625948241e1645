//! A minimal server-sent events reader: enough for OpenAI-style streams, where each event is
//! one or more `data:` lines ended by a blank line.

/// The longest line accepted from a backend stream.
pub const MAX_LINE: usize = 4 * 1024 * 1024;

/// A stream that is not server-sent events the reader can take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SseError {
    #[error("stream line longer than {MAX_LINE} bytes")]
    LineTooLong,
    #[error("stream is not UTF-8")]
    NotUtf8,
}

/// Splits a byte stream into the `data` of its events.
#[derive(Debug, Default)]
pub struct SseReader {
    line: Vec<u8>,
    data: Option<String>,
}

impl SseReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes; returns the data of each event they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<String>, SseError> {
        let mut events = Vec::new();
        for &b in bytes {
            if b == b'\n' {
                let mut line = std::mem::take(&mut self.line);
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                let line = String::from_utf8(line).map_err(|_| SseError::NotUtf8)?;
                self.line_done(&line, &mut events);
            } else {
                if self.line.len() >= MAX_LINE {
                    return Err(SseError::LineTooLong);
                }
                self.line.push(b);
            }
        }
        Ok(events)
    }

    /// The end of the stream: an event not closed by a blank line still counts.
    pub fn finish(&mut self) -> Result<Vec<String>, SseError> {
        let mut events = Vec::new();
        if !self.line.is_empty() {
            let line =
                String::from_utf8(std::mem::take(&mut self.line)).map_err(|_| SseError::NotUtf8)?;
            self.line_done(line.trim_end_matches('\r'), &mut events);
        }
        if let Some(data) = self.data.take() {
            events.push(data);
        }
        Ok(events)
    }

    fn line_done(&mut self, line: &str, events: &mut Vec<String>) {
        if line.is_empty() {
            if let Some(data) = self.data.take() {
                events.push(data);
            }
            return;
        }
        if let Some(value) = line.strip_prefix("data:") {
            let value = value.strip_prefix(' ').unwrap_or(value);
            match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            }
        }
        // comments (":"), event:, id: and retry: lines carry nothing the gateway uses
    }
}

/// One event as sent to clients.
pub fn event(data: &str) -> String {
    format!("data: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_events_across_chunks() {
        let mut r = SseReader::new();
        assert!(r.push(b"data: {\"a\"").unwrap().is_empty());
        assert_eq!(
            r.push(b":1}\r\n\r\n: ping\n\ndata:x\n").unwrap(),
            vec!["{\"a\":1}"]
        );
        assert_eq!(r.push(b"data: y\n\ndata: [DONE]").unwrap(), vec!["x\ny"]);
        assert_eq!(r.finish().unwrap(), vec!["[DONE]"]);
    }

    #[test]
    fn refuses_bad_streams() {
        let mut r = SseReader::new();
        assert_eq!(r.push(b"data: \xff\n"), Err(SseError::NotUtf8));
    }
}
