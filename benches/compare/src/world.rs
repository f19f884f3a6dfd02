//! The facts every engine is built from: members, teams, accounts, chats and assignments,
//! as plain data; random worlds for the differential check, the standard world for the
//! benches, and random requests.

use chatgate::{Action, Permission, Role};

/// A member: `id`, role, explicit grants (`None`: the role's default), teams, status.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: u32,
    pub role: Role,
    pub grants: Option<Permission>,
    pub teams: Vec<u32>,
    pub active: bool,
}

/// A connected account and the member who connected it.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: u32,
    pub connector: u32,
}

/// A chat, the account it arrives on, and the members assigned to it.
#[derive(Debug, Clone)]
pub struct Chat {
    pub id: u32,
    pub account: u32,
    pub assignees: Vec<u32>,
}

/// One workspace's facts. Member 1 is the Owner; ids start at 1; team ids are `1..=teams`.
/// Valid for every engine: no Collaborator connects an account, and a member was active
/// when they connected an account or were assigned (removals come last).
#[derive(Debug, Clone)]
pub struct World {
    pub members: Vec<Member>,
    pub teams: u32,
    pub accounts: Vec<Account>,
    pub chats: Vec<Chat>,
}

/// What a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Workspace,
    Account(u32),
    Chat(u32),
}

/// One request: `member` takes `action` on `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub member: u32,
    pub action: Action,
    pub target: Target,
}

/// What a member holds when nothing was granted explicitly: POLICY.md's "default grant"
/// column, written here again so that the differential also checks chatgate's.
pub fn default_grant(role: Role) -> Permission {
    match role {
        Role::Owner | Role::Admin => Permission::ADMIN,
        Role::Teammate | Role::Agent | Role::Collaborator => Permission::REPLY,
    }
}

impl Member {
    /// The grants an engine without a notion of "default" is given.
    pub fn grants_or_default(&self) -> Permission {
        self.grants.unwrap_or(default_grant(self.role))
    }
}

/// A small deterministic generator (SplitMix64): no dependency, the same worlds everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next_u64() % u64::from(n)) as u32
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u32) as usize]
    }
}

/// The size of a world.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub members: u32,
    pub teams: u32,
    pub accounts: u32,
    pub chats: u32,
}

/// The comparison's workspace: 50 members, 8 teams, 20 accounts, 10,000 chats.
pub const STANDARD: Shape = Shape {
    members: 50,
    teams: 8,
    accounts: 20,
    chats: 10_000,
};

impl World {
    /// A random world of `shape`: random roles, grants (half of the members keep the
    /// default), teams (0 to 2 each), connectors, assignments (0 to 2 per chat) and
    /// removals (about one member in eight, never the Owner).
    pub fn random(rng: &mut Rng, shape: Shape) -> Self {
        let roles = [
            Role::Admin,
            Role::Teammate,
            Role::Teammate,
            Role::Agent,
            Role::Agent,
            Role::Collaborator,
        ];
        let members: Vec<Member> = (1..=shape.members)
            .map(|id| {
                let role = if id == 1 {
                    Role::Owner
                } else {
                    rng.pick(&roles)
                };
                let grants = if id != 1 && rng.percent(50) {
                    Some(Permission::from_bits_truncate(rng.below(1 << 11) as u16))
                } else {
                    None
                };
                let mut teams = Vec::new();
                if shape.teams > 0 {
                    for _ in 0..rng.below(3) {
                        let team = 1 + rng.below(shape.teams);
                        if !teams.contains(&team) {
                            teams.push(team);
                        }
                    }
                }
                Member {
                    id,
                    role,
                    grants,
                    teams,
                    active: true,
                }
            })
            .collect();
        let connectors: Vec<u32> = members
            .iter()
            .filter(|m| m.role != Role::Collaborator)
            .map(|m| m.id)
            .collect();
        let accounts: Vec<Account> = (1..=shape.accounts)
            .map(|id| Account {
                id,
                connector: rng.pick(&connectors),
            })
            .collect();
        let chats = (1..=shape.chats)
            .map(|id| {
                let mut assignees = Vec::new();
                for _ in 0..rng.below(3) {
                    let member = 1 + rng.below(shape.members);
                    if !assignees.contains(&member) {
                        assignees.push(member);
                    }
                }
                Chat {
                    id,
                    account: 1 + rng.below(shape.accounts),
                    assignees,
                }
            })
            .collect();
        let mut world = World {
            members,
            teams: shape.teams,
            accounts,
            chats,
        };
        for member in world.members.iter_mut().skip(1) {
            if rng.percent(12) {
                member.active = false;
            }
        }
        world
    }

    /// The standard world of the benches, the same on every run: as [`World::random`]
    /// with seed 2024, except for the members and the chat the single decisions ask about:
    /// member 2 an active Teammate in team 1 (the teammate whose inbox is filtered), 3 an
    /// active Agent in team 2, 4 an active Teammate in team 1 who connected account 1, 5 an
    /// active Admin; and chat 1, on account 1, assigned to no one.
    pub fn standard() -> Self {
        let mut world = World::random(&mut Rng::new(2024), STANDARD);
        let fixed = [
            (2, Role::Teammate, vec![1]),
            (3, Role::Agent, vec![2]),
            (4, Role::Teammate, vec![1]),
            (5, Role::Admin, vec![]),
        ];
        for (id, role, teams) in fixed {
            world.members[id as usize - 1] = Member {
                id,
                role,
                grants: None,
                teams,
                active: true,
            };
        }
        world.accounts[0].connector = 4;
        world.chats[0] = Chat {
            id: 1,
            account: 1,
            assignees: Vec::new(),
        };
        world
    }

    /// The member `id`.
    pub fn member(&self, id: u32) -> Option<&Member> {
        self.members.get(id.checked_sub(1)? as usize)
    }

    /// A random request: mostly a known member (active or removed), sometimes an unknown
    /// one; a random action on a known target of the kind the action applies to.
    pub fn random_request(&self, rng: &mut Rng) -> Request {
        let members = self.members.len() as u32;
        let member = if rng.percent(3) {
            members + 1 + rng.below(5)
        } else {
            1 + rng.below(members)
        };
        let action = rng.pick(&Action::ALL);
        let target = match action.resource_kind() {
            chatgate::ResourceKind::Workspace => Target::Workspace,
            chatgate::ResourceKind::Account => {
                Target::Account(1 + rng.below(self.accounts.len() as u32))
            }
            chatgate::ResourceKind::Chat => Target::Chat(1 + rng.below(self.chats.len() as u32)),
        };
        Request {
            member,
            action,
            target,
        }
    }
}

/// The names the text-based engines use, the same as chatgate's own (`view`, `owner`, …).
pub fn permission_names(set: Permission) -> impl Iterator<Item = &'static str> {
    set.iter().filter_map(Permission::name)
}
