//! WHERE clauses built from optional filters: fixed conditions with numbered parameters,
//! so dynamic SQL never contains user input.

use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::Any;

#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Number(i64),
}

#[derive(Debug, Clone, Default)]
pub struct Conditions {
    parts: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    /// Adds a condition whose every `?` stands for `value`.
    pub fn add(&mut self, condition: &'static str, value: Value) {
        self.values.push(value);
        self.parts.push(condition.replace('?', &format!("${}", self.values.len())));
    }

    /// Adds `column IN (…)` with one parameter per value; nothing when `values` is empty
    /// (no restriction).
    pub fn add_in(&mut self, column: &'static str, values: &[i64]) {
        if values.is_empty() {
            return;
        }
        let mut marks = Vec::with_capacity(values.len());
        for v in values {
            self.values.push(Value::Number(*v));
            marks.push(format!("${}", self.values.len()));
        }
        self.parts.push(format!("{column} IN ({})", marks.join(", ")));
    }

    /// Adds a condition without parameters.
    pub fn add_fixed(&mut self, condition: &'static str) {
        self.parts.push(condition.to_string());
    }

    /// ` WHERE a AND b`, or nothing.
    pub fn where_clause(&self) -> String {
        if self.parts.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.parts.join(" AND "))
        }
    }

    /// The number the next parameter after these conditions gets.
    pub fn next_parameter(&self) -> usize {
        self.values.len() + 1
    }

    /// Binds the condition values, in order.
    pub fn bind<'q, O>(
        &self,
        mut query: QueryAs<'q, Any, O, AnyArguments>,
    ) -> QueryAs<'q, Any, O, AnyArguments> {
        for value in &self.values {
            query = match value {
                Value::Text(t) => query.bind(t.clone()),
                Value::Number(n) => query.bind(*n),
            };
        }
        query
    }
}
