-- Merged and erased records hold no personal data any more, as merging and erasure now
-- leave them: the absorbed record of a merge keeps only its forwarding link, and what was
-- written about an erased person elsewhere is wiped, their unsent notices withdrawn.
UPDATE residents SET name = '', kana = '', kana_compact = '', kana_sort = '', phone = NULL,
    phone_alt = NULL, birth_year = NULL, district_id = NULL, postal_code = '', address = '',
    email = '', email_owner = 'self', smartphone = 'none', need_hearing = 0, need_vision = 0,
    need_mobility = 0, need_companion = 0, consent_by = NULL, notes = '', sensitive_notes = '',
    age_band = NULL
WHERE merged_into IS NOT NULL OR erased_at IS NOT NULL;
UPDATE registrations SET cancel_reason = ''
WHERE cancel_reason IS NOT NULL
  AND resident_id IN (SELECT id FROM residents WHERE erased_at IS NOT NULL);
UPDATE notices SET email_to = '', subject = '', body = '', outcome_note = '', last_error = NULL,
    status = CASE WHEN status = 'pending' THEN 'withdrawn' ELSE status END
WHERE resident_id IN (SELECT id FROM residents WHERE erased_at IS NOT NULL);
UPDATE support_requests SET notes = '', reason_other = '', procedure_other = CASE WHEN procedure_id IS NULL THEN '（削除済み）' ELSE '' END
WHERE resident_id IN (SELECT id FROM residents WHERE erased_at IS NOT NULL);
-- The audit log keeps that a reason was given for a cancellation, not the reason.
UPDATE audit_log SET detail = 'reason given' WHERE action = 'cancel' AND record_type = 'registration';
