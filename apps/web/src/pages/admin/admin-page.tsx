import { Stack, Tabs, Title } from '@mantine/core';
import { useNavigate, useParams } from 'react-router-dom';
import { AccessReviewPanel } from './access-review-panel';
import { SitesPanel } from './sites-panel';
import { StudiesPanel } from './studies-panel';
import { UsersPanel } from './users-panel';

const TABS = ['users', 'studies', 'sites', 'access-review'] as const;

/** Platform administration (administrators): users and roles, studies, sites, access review. */
export function AdminPage() {
  const { '*': tab = '' } = useParams();
  const navigate = useNavigate();
  const current = (TABS as readonly string[]).includes(tab) ? tab : 'users';
  return (
    <Stack>
      <Title order={2}>Administration</Title>
      <Tabs value={current} onChange={(v) => navigate(`/admin/${v ?? 'users'}`)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="users">Users & roles</Tabs.Tab>
          <Tabs.Tab value="studies">Studies</Tabs.Tab>
          <Tabs.Tab value="sites">Sites</Tabs.Tab>
          <Tabs.Tab value="access-review">Access review</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <UsersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="studies" pt="md">
          <StudiesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="sites" pt="md">
          <SitesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="access-review" pt="md">
          <AccessReviewPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
