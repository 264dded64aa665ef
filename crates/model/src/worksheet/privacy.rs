//! The personal-data hints shown under a box: phone and long numbers, e-mail and postal addresses,
//! birth dates and name-like words. They catch common slips; they cannot prove a text anonymous.

use crate::text::width_fold;

/// Something in a text that looks like it could identify a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrivacyHint {
    pub kind: PrivacyKind,
    pub found: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivacyKind {
    Phone,
    Email,
    PostalCode,
    LongNumber,
    BirthDate,
    Name,
}

impl PrivacyKind {
    pub fn label(self) -> &'static str {
        match self {
            PrivacyKind::Phone => "電話番号のような数字",
            PrivacyKind::Email => "メールアドレス",
            PrivacyKind::PostalCode => "郵便番号",
            PrivacyKind::LongNumber => "番号（保険証・マイナンバーなど）のような長い数字",
            PrivacyKind::BirthDate => "生年月日",
            PrivacyKind::Name => "人の名前のような言葉",
        }
    }
}

/// Words that end in さん/様 without being anyone's name: roles and relations the sources use.
const NOT_NAMES: &[&str] = &[
    "本人",
    "家族",
    "母",
    "父",
    "息子",
    "娘",
    "兄",
    "弟",
    "姉",
    "妹",
    "夫",
    "妻",
    "祖母",
    "祖父",
    "患者",
    "利用者",
    "相談員",
    "保健師",
    "看護師",
    "医師",
    "先生",
    "主治医",
    "相談支援専門員",
    "精神保健福祉士",
    "社会福祉士",
    "介護支援専門員",
    "支援者",
    "職員",
    "担当者",
    "民生委員",
    "大家",
    "管理人",
    "近所",
    "隣人",
    "当事者",
    "住民",
    "仲間",
    "皆",
    "皆様",
    "奥",
    "お母",
    "お父",
    "お兄",
    "お姉",
    "お客",
    "ヘルパー",
    "ケアマネ",
    "ワーカー",
    "ピアサポーター",
    "スタッフ",
];

/// Flags obvious personal data: phone and long numbers, e-mail and postal addresses, birth dates and
/// name-like words before さん/様/氏. It cannot prove a text anonymous; it catches the common slips.
pub fn privacy_hints(text: &str) -> Vec<PrivacyHint> {
    let chars: Vec<char> = text.chars().map(fold_for_hints).collect();
    let mut hints = Vec::new();
    let mut push = |kind, found: String| {
        if !hints
            .iter()
            .any(|h: &PrivacyHint| h.kind == kind && h.found == found)
        {
            hints.push(PrivacyHint { kind, found });
        }
    };
    number_hints(&chars, &mut push);
    for (i, c) in chars.iter().enumerate() {
        if *c == '@' {
            let local = chars[..i]
                .iter()
                .rev()
                .take_while(|c| is_mail_char(**c))
                .count();
            let domain: String = chars[i + 1..]
                .iter()
                .take_while(|c| is_mail_char(**c))
                .collect();
            if local > 0 && domain.contains('.') {
                let start = i - local;
                push(
                    PrivacyKind::Email,
                    chars[start..i + 1 + domain.chars().count()]
                        .iter()
                        .collect(),
                );
            }
        }
    }
    let folded: String = chars.iter().collect();
    if folded.contains("生年月日") {
        push(PrivacyKind::BirthDate, "生年月日".into());
    }
    for (i, window) in chars.windows(2).enumerate() {
        if window == ['日', '生']
            && chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '年' | '月'))
                .count()
                >= 5
        {
            let start = chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '年' | '月'))
                .count();
            push(
                PrivacyKind::BirthDate,
                chars[i - start..i + 2].iter().collect(),
            );
        }
    }
    name_hints(&chars, &mut push);
    hints
}

/// Full-width letters, digits and signs as ASCII (`text::width_fold`), and the dashes people type
/// inside numbers as `-`.
fn fold_for_hints(c: char) -> char {
    match width_fold(c) {
        '‐' | '−' | '―' => '-',
        c => c,
    }
}

fn is_mail_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')
}

fn number_hints(chars: &[char], push: &mut impl FnMut(PrivacyKind, String)) {
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A run of digits joined by the separators people type inside numbers.
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < chars.len()
            && (chars[j].is_ascii_digit() || matches!(chars[j], '-' | 'ー' | '(' | ')' | ' '))
        {
            if chars[j].is_ascii_digit() {
                end = j + 1;
            }
            j += 1;
        }
        let run: String = chars[start..end].iter().collect();
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let postal = start > 0 && chars[start - 1] == '〒';
        let groups: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .map(str::len)
            .collect();
        if postal || groups == [3, 4] {
            push(PrivacyKind::PostalCode, run);
        } else if digits.starts_with('0') && (10..=11).contains(&digits.len()) {
            push(PrivacyKind::Phone, run);
        } else if digits.len() >= 10 {
            push(PrivacyKind::LongNumber, run);
        }
        i = end.max(i + 1);
    }
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FFFF}' | '々')
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

fn name_hints(chars: &[char], push: &mut impl FnMut(PrivacyKind, String)) {
    for honorific in [
        &['さ', 'ん'][..],
        &['様'][..],
        &['氏'][..],
        &['く', 'ん'][..],
        &['ち', 'ゃ', 'ん'][..],
    ] {
        for i in 0..chars.len() {
            if !chars[i..].starts_with(honorific) {
                continue;
            }
            let before = &chars[..i];
            let kanji = before.iter().rev().take_while(|c| is_kanji(**c)).count();
            let kana = before.iter().rev().take_while(|c| is_katakana(**c)).count();
            let length = kanji.max(kana);
            if length < 2 {
                // 「Bさん」「母さん」: a letter or one character is how the sources anonymise.
                continue;
            }
            let word: String = before[i - length..].iter().collect();
            if NOT_NAMES.iter().any(|n| word.ends_with(n)) {
                continue;
            }
            let mut found = word;
            found.extend(honorific);
            push(PrivacyKind::Name, found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (kind, found) of each hint in `text`.
    fn kinds(text: &str) -> Vec<(PrivacyKind, String)> {
        privacy_hints(text)
            .into_iter()
            .map(|h| (h.kind, h.found))
            .collect()
    }

    #[test]
    fn privacy_hints_catch_common_slips() {
        assert_eq!(
            kinds("連絡先 090-1234-5678"),
            [(PrivacyKind::Phone, "090-1234-5678".into())]
        );
        assert_eq!(
            kinds("０３（１２３４）５６７８へ"),
            [(PrivacyKind::Phone, "03(1234)5678".into())]
        );
        assert_eq!(
            kinds("〒700-0000 付近"),
            [(PrivacyKind::PostalCode, "700-0000".into())]
        );
        assert_eq!(
            kinds("mail: a.b@example.jp"),
            [(PrivacyKind::Email, "a.b@example.jp".into())]
        );
        assert_eq!(
            kinds("番号 123456789012"),
            [(PrivacyKind::LongNumber, "123456789012".into())]
        );
        assert_eq!(
            kinds("1959年4月1日生まれ"),
            [(PrivacyKind::BirthDate, "1959年4月1日生".into())]
        );
        assert_eq!(
            kinds("生年月日を確認"),
            [(PrivacyKind::BirthDate, "生年月日".into())]
        );
        assert_eq!(
            kinds("山田さんと𠮷田様に連絡"),
            [
                (PrivacyKind::Name, "山田さん".into()),
                (PrivacyKind::Name, "𠮷田様".into())
            ]
        );
        assert_eq!(
            kinds("タナカさん"),
            [(PrivacyKind::Name, "タナカさん".into())]
        );
    }

    #[test]
    fn what_an_input_mode_types_is_folded_like_the_rest_of_the_app() {
        assert_eq!(
            kinds("ﾀﾅｶさんに連絡"),
            [(PrivacyKind::Name, "タナカさん".into())]
        );
        assert_eq!(
            kinds("a＿b＋c@example.jp"),
            [(PrivacyKind::Email, "a_b+c@example.jp".into())]
        );
        assert_eq!(
            kinds("電話 090‐1234−5678"),
            [(PrivacyKind::Phone, "090-1234-5678".into())]
        );
    }

    #[test]
    fn privacy_hints_leave_anonymised_text_alone() {
        for text in [
            "Bさん（50代）は入院3年。保健師さんと相談員さんが訪問し、母さんにも会った。",
            "65歳女性、措置入院歴あり。2024年4月1日に協議の場を開催。人口約20万人、630調査。",
            "息子さんと主治医の先生、ピアサポーターさん、家族様へ説明",
            "",
        ] {
            assert_eq!(privacy_hints(text), [], "{text}");
        }
    }
}
