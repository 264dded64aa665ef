//! Naming what went wrong with browser storage, from the DOMException a browser throws.

use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum StorageFault {
    /// localStorage itself is refused: blocked cookies/site data, some private modes, sandboxed frames.
    #[error("このブラウザの設定で、保存が許可されていません")]
    Blocked,
    #[error("ブラウザの保存容量がいっぱいです")]
    QuotaExceeded,
    #[error("ブラウザへの保存に失敗しました（{0}）")]
    WriteFailed(String),
}

/// Every browser's spelling of "storage is full": the standard name, Firefox's old name, and the legacy
/// numeric codes (22 everywhere, 1014 in old Firefox) for engines that leave the name empty.
pub fn classify(name: &str, code: u16) -> StorageFault {
    match name {
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => StorageFault::QuotaExceeded,
        "SecurityError" => StorageFault::Blocked,
        _ if code == 22 || code == 1014 => StorageFault::QuotaExceeded,
        _ if code == 18 => StorageFault::Blocked,
        "" => StorageFault::WriteFailed("不明なエラー".into()),
        other => StorageFault::WriteFailed(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_names_of_every_engine() {
        assert_eq!(
            classify("QuotaExceededError", 22),
            StorageFault::QuotaExceeded
        );
        assert_eq!(
            classify("NS_ERROR_DOM_QUOTA_REACHED", 1014),
            StorageFault::QuotaExceeded
        );
        assert_eq!(classify("", 22), StorageFault::QuotaExceeded);
        assert_eq!(classify("", 1014), StorageFault::QuotaExceeded);
    }

    #[test]
    fn security_error_is_blocked() {
        assert_eq!(classify("SecurityError", 18), StorageFault::Blocked);
        assert_eq!(classify("", 18), StorageFault::Blocked);
    }

    #[test]
    fn anything_else_is_named() {
        assert_eq!(
            classify("Error", 0),
            StorageFault::WriteFailed("Error".into())
        );
        assert!(classify("", 0).to_string().contains("不明なエラー"));
    }
}
