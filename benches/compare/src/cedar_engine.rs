//! Cedar: POLICY.md as a Cedar schema and policy set (policy/chatgate.cedarschema and
//! policy/chatgate.cedar, validated strictly), and the world as Cedar entities.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision, Entities, Entity, EntityId, EntityTypeName, EntityUid,
    PolicySet, Request, RestrictedExpression, Schema, ValidationMode, Validator,
};

use crate::world::{self, Target, World};

/// The schema, in Cedar's schema syntax.
pub const SCHEMA: &str = include_str!("../policy/chatgate.cedarschema");
/// The policies.
pub const POLICIES: &str = include_str!("../policy/chatgate.cedar");

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Cedar over one world: the policies, the entities, and the names it decides by.
pub struct CedarEngine {
    policies: PolicySet,
    entities: Entities,
    authorizer: Authorizer,
    types: Types,
}

/// The entity types and actions, parsed once.
struct Types {
    member: EntityTypeName,
    team: EntityTypeName,
    account: EntityTypeName,
    chat: EntityTypeName,
    workspace: EntityUid,
    actions: HashMap<&'static str, EntityUid>,
}

impl Types {
    fn new() -> Result<Self, Error> {
        let name = |n: &str| EntityTypeName::from_str(n).map_err(Box::new);
        let action_type = name("Chatgate::Action")?;
        let actions = chatgate::Action::ALL
            .iter()
            .map(|action| {
                let uid = EntityUid::from_type_name_and_id(
                    action_type.clone(),
                    EntityId::new(action.name()),
                );
                (action.name(), uid)
            })
            .collect();
        Ok(Self {
            member: name("Chatgate::Member")?,
            team: name("Chatgate::Team")?,
            account: name("Chatgate::Account")?,
            chat: name("Chatgate::Chat")?,
            workspace: EntityUid::from_type_name_and_id(
                name("Chatgate::Workspace")?,
                EntityId::new("workspace"),
            ),
            actions,
        })
    }

    fn uid(kind: &EntityTypeName, id: u32) -> EntityUid {
        EntityUid::from_type_name_and_id(kind.clone(), EntityId::new(id.to_string()))
    }
}

/// The schema, and the policies after strict validation against it.
pub fn policies() -> Result<(Schema, PolicySet), Error> {
    let (schema, _warnings) = Schema::from_cedarschema_str(SCHEMA)?;
    let policies = PolicySet::from_str(POLICIES)?;
    let validation = Validator::new(schema.clone()).validate(&policies, ValidationMode::Strict);
    if !validation.validation_passed() {
        let errors: Vec<String> = validation
            .validation_errors()
            .map(|e| e.to_string())
            .collect();
        return Err(format!("the Cedar policies fail strict validation: {errors:?}").into());
    }
    Ok((schema, policies))
}

impl CedarEngine {
    /// Parses and strictly validates the policies, and builds the entities of `world`
    /// (checked against the schema).
    pub fn build(world: &World) -> Result<Self, Error> {
        let (schema, policies) = policies()?;
        let types = Types::new()?;
        let member_uid = |id: u32| Types::uid(&types.member, id);
        let mut entities = Vec::with_capacity(world.chats.len() + world.members.len() + 64);
        entities.push(Entity::new_no_attrs(
            types.workspace.clone(),
            HashSet::new(),
        ));
        for team in 1..=world.teams {
            entities.push(Entity::new_no_attrs(
                Types::uid(&types.team, team),
                HashSet::new(),
            ));
        }
        for member in &world.members {
            let grants = world::permission_names(member.grants_or_default())
                .map(|name| RestrictedExpression::new_string(name.to_owned()));
            let teams = member
                .teams
                .iter()
                .map(|team| RestrictedExpression::new_entity_uid(Types::uid(&types.team, *team)));
            let attrs = HashMap::from([
                (
                    "role".to_owned(),
                    RestrictedExpression::new_string(member.role.name().to_owned()),
                ),
                (
                    "active".to_owned(),
                    RestrictedExpression::new_bool(member.active),
                ),
                ("grants".to_owned(), RestrictedExpression::new_set(grants)),
                ("teams".to_owned(), RestrictedExpression::new_set(teams)),
            ]);
            entities.push(Entity::new(member_uid(member.id), attrs, HashSet::new())?);
        }
        for account in &world.accounts {
            let attrs = HashMap::from([(
                "connector".to_owned(),
                RestrictedExpression::new_entity_uid(member_uid(account.connector)),
            )]);
            entities.push(Entity::new(
                Types::uid(&types.account, account.id),
                attrs,
                HashSet::new(),
            )?);
        }
        for chat in &world.chats {
            let assignees = chat
                .assignees
                .iter()
                .map(|id| RestrictedExpression::new_entity_uid(member_uid(*id)));
            let attrs = HashMap::from([
                (
                    "account".to_owned(),
                    RestrictedExpression::new_entity_uid(Types::uid(&types.account, chat.account)),
                ),
                (
                    "assignees".to_owned(),
                    RestrictedExpression::new_set(assignees),
                ),
            ]);
            entities.push(Entity::new(
                Types::uid(&types.chat, chat.id),
                attrs,
                HashSet::new(),
            )?);
        }
        let entities = Entities::from_entities(entities, Some(&schema))?;
        Ok(Self {
            policies,
            entities,
            authorizer: Authorizer::new(),
            types,
        })
    }

    /// The decision: allowed or not. The request is built here, as a service would for
    /// each decision (without validating it against the schema: it is well-formed by
    /// construction).
    pub fn decide(&self, request: &world::Request) -> bool {
        let resource = match request.target {
            Target::Workspace => self.types.workspace.clone(),
            Target::Account(id) => Types::uid(&self.types.account, id),
            Target::Chat(id) => Types::uid(&self.types.chat, id),
        };
        let Some(action) = self.types.actions.get(request.action.name()) else {
            return false;
        };
        let Ok(request) = Request::new(
            Types::uid(&self.types.member, request.member),
            action.clone(),
            resource,
            Context::empty(),
            None,
        ) else {
            return false;
        };
        let response = self
            .authorizer
            .is_authorized(&request, &self.policies, &self.entities);
        response.decision() == Decision::Allow
    }
}
