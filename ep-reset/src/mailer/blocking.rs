//! Running the queue's (blocking) SQLite calls off the async threads.

use std::sync::Arc;

use super::queue::{Queue, QueueError};

/// Runs `call` on `queue` in tokio's blocking pool.
pub async fn on_queue<T: Send + 'static>(
    queue: &Arc<Queue>,
    call: impl FnOnce(&Queue) -> Result<T, QueueError> + Send + 'static,
) -> Result<T, String> {
    let queue = Arc::clone(queue);
    match tokio::task::spawn_blocking(move || call(&queue)).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(join) => Err(format!("the queue call did not finish ({join})")),
    }
}
