import { AppShell, Burger, Button, Group, NavLink, Select, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { describeRole } from '../auth/roles';
import { useIdleSignOut } from '../hooks/use-idle-sign-out';
import { homeFor, navFor } from './navigation';

/** The signed-in frame: header with the study/role switcher and sign-out, navigation by role. */
export function AppLayout({ available }: { available: Set<string> }) {
  const { me, roles, active, choose, logout } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const items = active ? navFor(active.role, available) : [];
  useIdleSignOut(logout);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">
              EID Trial Platform
            </Title>
          </Group>
          <Group wrap="nowrap" gap="sm">
            {roles.length > 1 ? (
              <Select
                aria-label="Study and role"
                data-testid="role-switcher"
                w={300}
                value={active?.key ?? null}
                data={roles.map((r) => ({ value: r.key, label: describeRole(r) }))}
                onChange={(key) => {
                  if (!key) return;
                  choose(key);
                  const next = roles.find((r) => r.key === key);
                  if (next) navigate(homeFor(next.role, available));
                }}
                allowDeselect={false}
              />
            ) : (
              active && (
                <Text size="sm" data-testid="active-role">
                  {describeRole(active)}
                </Text>
              )
            )}
            <Text size="sm" c="dimmed" visibleFrom="md">
              {me?.displayName}
            </Text>
            <Button variant="default" size="xs" onClick={() => void logout()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            active={location.pathname.startsWith(item.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
