-- Loaner phones lent home for a few weeks after a session (issue 21): a loan with a due
-- date is a home loan (the day before it, the person is reminded by their channel; once
-- overdue, staff call); its return records the phone's condition.
ALTER TABLE loans ADD COLUMN due_on TEXT;
ALTER TABLE loans ADD COLUMN condition TEXT CHECK (condition IN ('good', 'damaged', 'lost'));
ALTER TABLE loans ADD COLUMN condition_note TEXT NOT NULL DEFAULT '';
CREATE INDEX loans_due ON loans (due_on) WHERE due_on IS NOT NULL AND returned_at IS NULL;
