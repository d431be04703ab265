import { AppShell, Group, Title } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router-dom';
import { SystemStatusPage } from './pages/system-status-page';

export function App() {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md">
          <Title order={1} size="h4">
            EID Trial Platform
          </Title>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Routes>
          <Route path="/status" element={<SystemStatusPage />} />
          <Route path="*" element={<Navigate to="/status" replace />} />
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}
