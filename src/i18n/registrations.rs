//! Texts of registrations: bookings: the booking table, the read-back script, rosters.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct RegistrationsTexts {
        already_booked: "申込済み" | "Already booked",
        back_to_resident: "この方のページへ戻る" | "Back to this resident",
        book_seat: "予約する" | "Book",
        book_waitlist: "キャンセル待ちで申し込む" | "Join the waitlist",
        booking_action: "申込" | "Book",
        booking_filter: "体験会の絞り込み" | "Filter sessions",
        booking_title: "体験会を予約する" | "Book a session",
        cancel_reason: "取り消しの理由" | "Reason for cancelling",
        cancel_submit: "申込を取り消す" | "Cancel booking",
        cancel_title: "取り消し" | "Cancel",
        history_none: "申込はまだありません。" | "No bookings yet.",
        readback_by_email: "確認のメールをお送りします。" | "A confirmation email will be sent.",
        readback_by_letter: "確認の手紙を郵送します（「郵送」の一覧に入りました）。" | "A confirmation letter will be posted (it is now on the letters list).",
        readback_by_phone: "お電話でお伝えした内容が確認になります。2日前にもお電話でご案内します。" | "What you read out is the confirmation; a reminder call follows two days before.",
        readback_intro: "次の内容をゆっくり読み上げて、お伝えしてください。" | "Read this out slowly to the caller.",
        readback_title: "読み上げて確認" | "Read back to the caller",
        reg_cancelled: "取り消し" | "Cancelled",
        reg_confirmed: "予約済み" | "Booked",
        reg_waitlisted: "キャンセル待ち" | "Waitlisted",
        registration_status: "状態" | "Status",
        roster_none: "申込者はいません。" | "Nobody has booked.",
        roster_title: "申込者" | "Booked",
        to_tell_intro: "中止を伝える必要がある方です。メールの方には自動で送り、それ以外の方は電話連絡リスト・郵送の一覧に入りました。" | "These people must be told. Email goes out by itself; the others are on the call list or the letters list.",
        to_tell_title: "連絡が必要な方" | "People to tell",
        waitlist_position: "キャンセル待ち{n}番" | "Waitlist no. {n}",
    }
}
