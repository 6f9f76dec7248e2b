//! The demand warnings: pure rules over a session's bookings and what is planned for it.

use super::{Demand, Warning, WarningPhone};

/// Helpers wanted for `booked` participants, one per `per_supporter` (rounded up; a
/// setting below 1 counts as 1).
pub fn helpers_wanted(booked: i64, per_supporter: i64) -> i64 {
    let per = per_supporter.max(1);
    (booked.max(0) + per - 1) / per
}

/// Every warning the session's demand raises, loaner phones first.
pub fn warnings(d: &Demand, per_supporter: i64) -> Vec<Warning> {
    let mut found = Vec::new();
    let planned = d.loaner_iphone + d.loaner_android;
    if d.without_smartphone > planned {
        found.push(Warning::LoanersShort {
            phone: WarningPhone::Any,
            needed: d.without_smartphone,
            planned,
        });
    }
    for (phone, needed, planned) in [
        (WarningPhone::Iphone, d.wish_iphone, d.loaner_iphone),
        (WarningPhone::Android, d.wish_android, d.loaner_android),
    ] {
        if needed > planned {
            found.push(Warning::LoanersShort { phone, needed, planned });
        }
    }
    let wanted = helpers_wanted(d.booked, per_supporter);
    if d.helpers < wanted {
        found.push(Warning::HelpersShort { assigned: d.helpers, wanted });
    }
    if d.mobility > 0 && !d.step_free {
        found.push(Warning::StepFree { people: d.mobility });
    }
    if d.hearing > 0 && !d.hearing_loop {
        found.push(Warning::HearingLoop { people: d.hearing });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready() -> Demand {
        Demand {
            booked: 8,
            without_smartphone: 3,
            wish_iphone: 1,
            wish_android: 2,
            mobility: 1,
            hearing: 1,
            loaner_iphone: 1,
            loaner_android: 2,
            helpers: 2,
            step_free: true,
            hearing_loop: true,
        }
    }

    #[test]
    fn a_session_that_is_ready_raises_nothing() {
        assert_eq!(warnings(&ready(), 4), vec![]);
        assert_eq!(
            warnings(&Demand { step_free: true, hearing_loop: true, ..Demand::default() }, 4),
            vec![]
        );
    }

    #[test]
    fn twelve_without_a_smartphone_and_two_loaners() {
        let d = Demand { without_smartphone: 12, wish_iphone: 5, ..ready() };
        assert_eq!(
            warnings(&d, 4),
            vec![
                Warning::LoanersShort { phone: WarningPhone::Any, needed: 12, planned: 3 },
                Warning::LoanersShort { phone: WarningPhone::Iphone, needed: 5, planned: 1 },
            ]
        );
    }

    #[test]
    fn a_wish_for_android_beyond_the_android_phones_planned() {
        let d = Demand {
            wish_iphone: 0,
            wish_android: 3,
            loaner_iphone: 3,
            loaner_android: 1,
            ..ready()
        };
        assert_eq!(
            warnings(&d, 4),
            vec![Warning::LoanersShort { phone: WarningPhone::Android, needed: 3, planned: 1 }]
        );
    }

    #[test]
    fn three_helpers_for_twenty_participants() {
        let d = Demand { booked: 20, helpers: 3, ..ready() };
        assert_eq!(warnings(&d, 4), vec![Warning::HelpersShort { assigned: 3, wanted: 5 }]);
        assert_eq!(warnings(&d, 7), vec![]);
        assert_eq!(helpers_wanted(20, 0), 20);
        assert_eq!(helpers_wanted(0, 4), 0);
        assert_eq!(helpers_wanted(9, 4), 3);
    }

    #[test]
    fn venue_access_against_needs() {
        let d =
            Demand { step_free: false, hearing_loop: false, mobility: 2, hearing: 1, ..ready() };
        assert_eq!(
            warnings(&d, 4),
            vec![Warning::StepFree { people: 2 }, Warning::HearingLoop { people: 1 }]
        );
        let none =
            Demand { step_free: false, hearing_loop: false, mobility: 0, hearing: 0, ..ready() };
        assert_eq!(warnings(&none, 4), vec![]);
    }
}
